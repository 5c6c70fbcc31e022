package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Building providers: missing keys are explained, a local Ollama is found and offered. */
class ProvidersTest {
    HttpServer fakeOllama;

    @AfterEach
    void stop() {
        if (fakeOllama != null) fakeOllama.stop(0);
    }

    private URI startFakeOllama(int status, String tags) throws IOException {
        fakeOllama = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeOllama.createContext("/api/tags", exchange -> {
            byte[] body = tags.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fakeOllama.start();
        return URI.create("http://127.0.0.1:" + fakeOllama.getAddress().getPort());
    }

    private static OllamaProbe nowhere() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new OllamaProbe(URI.create("http://127.0.0.1:" + socket.getLocalPort()), Duration.ofMillis(500));
        }
    }

    @Test
    void anthropicWithoutKeyNamesTheEnvVarAndTheConfigEntry() throws IOException {
        ProviderSettings settings = ProviderSettings.of("anthropic", ProviderType.ANTHROPIC, "claude-sonnet-4-5", 8192);

        assertThatThrownBy(() -> Providers.create(settings, Sleeper.real(), nowhere()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessage("no API key for provider 'anthropic': set ANTHROPIC_API_KEY or add a key entry in"
                        + " ~/.config/dispatch/config.yaml (keys: - { id: anthropic-key, provider: anthropic, env:"
                        + " ANTHROPIC_API_KEY })");
    }

    @Test
    void officialOpenAiWithoutKeyNamesItsConfiguredVariable() throws IOException {
        ProviderSettings settings =
                ProviderSettings.of("work", ProviderType.OPENAI, "gpt-5", 4096).withKeyEnv("WORK_OPENAI_KEY");

        assertThatThrownBy(() -> Providers.create(settings, Sleeper.real(), nowhere()))
                .hasMessageStartingWith("no API key for provider 'work': set WORK_OPENAI_KEY or add a key entry");
    }

    @Test
    void missingKeyMessageOffersALocalOllamaThatAnswers() throws IOException {
        URI url = startFakeOllama(
                200,
                "{\"models\":[{\"name\":\"qwen3:8b\",\"model\":\"qwen3:8b\",\"size\":1},{\"name\":\"llama3.2:latest\"}]}");
        ProviderSettings settings = ProviderSettings.of("anthropic", ProviderType.ANTHROPIC, "claude-sonnet-4-5", 8192);

        assertThatThrownBy(
                        () -> Providers.create(settings, Sleeper.real(), new OllamaProbe(url, Duration.ofSeconds(2))))
                .hasMessageContaining("set ANTHROPIC_API_KEY")
                .hasMessageContaining(
                        "or use the local Ollama answering at " + url + " (models: qwen3:8b, llama3.2:latest)")
                .hasMessageEndingWith(
                        "providers: { local: { type: openai, base_url: \"" + url + "/v1\", model: qwen3:8b } }");
    }

    @Test
    void probeReturnsTheModelsAndSettingsThatWork() throws IOException {
        URI url = startFakeOllama(200, "{\"models\":[{\"name\":\"llama3.2:latest\"}]}");

        OllamaProbe.LocalOllama found =
                new OllamaProbe(url, Duration.ofSeconds(2)).probe().orElseThrow();

        assertThat(found.models()).containsExactly("llama3.2:latest");
        ProviderSettings local = found.settings("local", 2048);
        assertThat(local.type()).isEqualTo(ProviderType.OPENAI);
        assertThat(local.baseUrl()).isEqualTo(URI.create(url + "/v1"));
        assertThat(local.model()).isEqualTo("llama3.2:latest");
        // A local OpenAI-compatible server needs no key: creating it does not throw.
        assertThat(Providers.create(local).name()).isEqualTo("local");
    }

    @Test
    void probeFindsNothingWhenNothingListensOrTheAnswerIsNotOllamas() throws IOException {
        assertThat(nowhere().probe()).isEmpty();
        URI notOllama = startFakeOllama(200, "<html>router login</html>");
        assertThat(new OllamaProbe(notOllama, Duration.ofSeconds(2)).probe()).isEmpty();
    }

    @Test
    void keyRequirementDependsOnTheEndpoint() {
        assertThat(ProviderType.ANTHROPIC.requiresKey(URI.create("http://127.0.0.1:9")))
                .isTrue();
        assertThat(ProviderType.OPENAI.requiresKey(URI.create("https://api.openai.com/v1")))
                .isTrue();
        assertThat(ProviderType.OPENAI.requiresKey(URI.create("https://openrouter.ai/api/v1")))
                .isTrue();
        assertThat(ProviderType.OPENAI.requiresKey(URI.create("http://127.0.0.1:11434/v1")))
                .isFalse();
        assertThat(ProviderType.OPENAI.requiresKey(URI.create("http://gpu-box:8000/v1")))
                .isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheValueAndTheFix() {
        assertThatThrownBy(() -> ProviderType.fromConfig("gemini"))
                .hasMessage(
                        "unknown provider type 'gemini': use 'anthropic' or 'openai' (for OpenAI-compatible servers)");
        assertThatThrownBy(() -> ProviderSettings.of("local", ProviderType.OPENAI, "m", 0))
                .hasMessage("max_tokens of provider 'local' must be positive, got 0");
        assertThatThrownBy(() -> ProviderSettings.of("local", ProviderType.OPENAI, "m", 10)
                        .withBaseUrl(URI.create("ftp://host/v1")))
                .hasMessage("base_url of provider 'local' must start with http:// or https://, got 'ftp://host/v1'");
        assertThatThrownBy(() -> ProviderSettings.of("local", ProviderType.OPENAI, "m", 10)
                        .withTemperature(7.0))
                .hasMessage("temperature of provider 'local' must be between 0 and 2, got 7.0");
        assertThatThrownBy(() -> new ModelRequest(null, null, List.of(), List.of(), null, null))
                .hasMessage("a model request needs at least one message");
    }
}
