package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store.url} (issue 26): checked when the config loads, user file or env only, password never echoed. */
class StoreUrlConfigTest {
    @TempDir
    Path tmp;

    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(tmp);
    }

    private List<String> problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aGoodUrlLoads() {
        fx.userFile("store:\n  url: postgresql://app:pw@db:5432/dispatch\n");
        assertThat(fx.load().storeUrl()).contains("postgresql://app:pw@db:5432/dispatch");
    }

    @Test
    void badUrlsAreRefusedNamingTheFormAndNotThePassword() {
        for (String bad : List.of("mysql://app:pw@db/x", "postgresql://app:pw@db", "postgresql://db/x", "not a url")) {
            fx.userFile("store:\n  url: \"" + bad + "\"\n");
            assertThat(problems())
                    .as(bad)
                    .singleElement()
                    .asString()
                    .contains("store.url:")
                    .contains("postgresql://USER")
                    .doesNotContain(":pw@");
        }
    }

    @Test
    void theEnvVariableIsCheckedToo() {
        fx.env.put("DISPATCH_STORE_URL", "http://x/y");
        assertThat(problems()).singleElement().asString().contains("scheme 'http'");
    }

    @Test
    void aProjectFileMayNotSetIt() {
        fx.projectFile("store:\n  url: postgresql://app:pw@db/x\n");
        assertThat(problems()).singleElement().asString().contains("store.url");
    }
}
