package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The key travels in one header and nowhere else: not in bodies, events, failures or toString. */
class KeyHygieneTest {
    ScriptedModelServer server;
    final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() {
        server = ScriptedModelServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void keyIsOnlyInTheAuthHeaderEvenWhenTheProviderEchoesIt(ProviderType type) {
        // A 401 body that quotes the key back (as some gateways do), then a retried 5xx, then an answer.
        server.reply(ScriptedReply.status(
                        503, "api_error", "upstream says key " + ScriptedModelServer.CANARY_KEY + " busy", Map.of()))
                .reply(ScriptedReply.toolCalls(ScriptedModelServer.call("c1", "read_file", "{\"path\":\"a\"}")))
                .reply(ScriptedReply.status(
                        401,
                        "authentication_error",
                        "Incorrect API key provided: " + ScriptedModelServer.CANARY_KEY,
                        Map.of()));
        ProviderSettings settings = EventLog.settings(server, type);
        Provider provider = EventLog.provider(settings, waits);
        EventLog log = new EventLog();

        provider.stream(RequestEncodingTest.afterToolRound(), log, new Cancellation());
        ModelEvent.Terminal second = provider.stream(StreamingTest.hello(), log, new Cancellation());

        assertThat(server.requests()).hasSize(3);
        for (RecordedRequest request : server.requests()) {
            assertThat(request.body()).doesNotContain(ScriptedModelServer.CANARY_KEY);
            assertThat(request.path()).doesNotContain(ScriptedModelServer.CANARY_KEY);
            long headersWithKey = request.headers().values().stream()
                    .flatMap(List::stream)
                    .filter(v -> v.contains(ScriptedModelServer.CANARY_KEY))
                    .count();
            assertThat(headersWithKey).isEqualTo(1);
        }
        ProviderFailure failure = ((ModelEvent.Failed) second).failure();
        assertThat(failure.message()).contains("Incorrect API key provided: [redacted]");
        for (ModelEvent event : log.events) assertThat(event.toString()).doesNotContain(ScriptedModelServer.CANARY_KEY);
        assertThat(log.of(ModelEvent.Retrying.class).get(0).cause().message()).contains("key [redacted] busy");
    }

    @Test
    void settingsAndKeysNeverPrintTheSecret() {
        ProviderSettings settings = server.anthropicSettings();

        assertThat(settings.toString())
                .doesNotContain(ScriptedModelServer.CANARY_KEY)
                .contains("ApiKey[anthropic-test]");
        assertThat(settings.apiKey().toString()).isEqualTo("ApiKey[anthropic-test]");
        assertThat(EventLog.provider(settings, waits).settings().toString())
                .doesNotContain(ScriptedModelServer.CANARY_KEY);
        assertThat(ApiKey.fromEnvironment(Map.of("K", "secret-value"), "K").toString())
                .isEqualTo("ApiKey[env:K]");
        assertThat(ApiKey.fromEnvironment(Map.of("K", "  "), "K").isPresent()).isFalse();
    }
}
