package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The TLS context of a plain http:// provider client: nothing to build, and no TLS connection ever made. */
class PlainHttpTest {
    @Test
    void onlyAnHttpBaseUrlIsPlain() {
        assertThat(PlainHttp.plain(URI.create("http://127.0.0.1:11434/v1"))).isTrue();
        assertThat(PlainHttp.plain(URI.create("HTTP://localhost:8080"))).isTrue();
        assertThat(PlainHttp.plain(URI.create("https://api.anthropic.com"))).isFalse();
        assertThat(PlainHttp.plain(null)).isFalse();
    }

    @Test
    void aTlsConnectionIsRefusedNamingTheFix() {
        assertThatThrownBy(() -> PlainHttp.context().createSSLEngine("api.example", 443))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("https:// base_url");
        assertThatThrownBy(() -> PlainHttp.context().getSocketFactory()).isInstanceOf(IllegalStateException.class);
        assertThat(PlainHttp.context().getDefaultSSLParameters()).isNotNull();
    }
}
