package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Cancellation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which failures are retried, how long the provider waits, and what the caller is told. */
class RetryTest {
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

    private ModelEvent.Terminal run(ProviderSettings settings, EventLog log) {
        return EventLog.provider(settings, waits).stream(StreamingTest.hello(), log, new Cancellation());
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void rateLimitThenSuccessWaitsExactlyTheRetryAfterAndReportsIt(ProviderType type) {
        server.replyStatus(429, Map.of("retry-after", "7")).replyText("second time lucky");
        EventLog log = new EventLog();

        ModelEvent.Terminal end = run(EventLog.settings(server, type), log);

        assertThat(end).isInstanceOf(ModelEvent.Stopped.class);
        assertThat(log.text()).isEqualTo("second time lucky");
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        ModelEvent.Retrying retrying = log.of(ModelEvent.Retrying.class).get(0);
        assertThat(retrying.attempt()).isEqualTo(1);
        assertThat(retrying.maxAttempts()).isEqualTo(4);
        assertThat(retrying.delay()).isEqualTo(Duration.ofSeconds(7));
        assertThat(retrying.cause().kind()).isEqualTo(ProviderFailure.Kind.RATE_LIMITED);
        assertThat(retrying.cause().httpStatus()).isEqualTo(429);
        assertThat(retrying.cause().retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(log.events.get(0)).isSameAs(retrying);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).body())
                .isEqualTo(server.requests().get(0).body());
    }

    @Test
    void overloaded529AndServerErrorsBackOffExponentiallyWithinTheCap() {
        server.anthropic()
                .replyStatus(529, Map.of())
                .replyStatus(500, Map.of())
                .replyStatus(503, Map.of())
                .replyText("finally");
        EventLog log = new EventLog();

        ModelEvent.Terminal end = run(server.anthropicSettings(), log);

        assertThat(end).isEqualTo(new ModelEvent.Stopped(StopReason.END_TURN, "end_turn"));
        assertThat(log.of(ModelEvent.Retrying.class))
                .extracting(r -> r.cause().kind())
                .containsExactly(
                        ProviderFailure.Kind.OVERLOADED, ProviderFailure.Kind.SERVER, ProviderFailure.Kind.SERVER);
        assertThat(log.of(ModelEvent.Retrying.class).get(0).cause().errorType()).isEqualTo("overloaded_error");
        // Policy: 10 ms doubling, capped at 100 ms, each wait between half and all of its step.
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void badRequestFailsAtOnceWithTheProvidersOwnMessage(ProviderType type) {
        server.reply(ScriptedReply.status(
                400, "invalid_request_error", "max_tokens: 999999 > 64000, which is the maximum allowed", Map.of()));
        EventLog log = new EventLog();

        ModelEvent.Terminal end = run(EventLog.settings(server, type), log);

        ProviderFailure failure = ((ModelEvent.Failed) end).failure();
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.REQUEST);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(400);
        assertThat(failure.errorType()).isEqualTo("invalid_request_error");
        assertThat(failure.message())
                .isEqualTo(type.configName()
                        + ": HTTP 400 (invalid_request_error): max_tokens: 999999 > 64000, which is the"
                        + " maximum allowed");
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
        assertThat(log.events).containsExactly(end);
    }

    @Test
    void unauthorizedFailsAtOnceAndNamesWhereTheKeyComesFrom() {
        server.reply(ScriptedReply.status(401, "authentication_error", "invalid x-api-key", Map.of()));
        EventLog log = new EventLog();

        ProviderFailure failure = ((ModelEvent.Failed) run(server.anthropicSettings(), log)).failure();

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.AUTH);
        assertThat(failure.message()).contains("invalid x-api-key").contains("ANTHROPIC_API_KEY");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void givingUpAfterMaxAttemptsSaysSo() {
        for (int i = 0; i < 4; i++) server.replyStatus(503, Map.of());
        EventLog log = new EventLog();

        ProviderFailure failure = ((ModelEvent.Failed) run(server.openAiSettings(), log)).failure();

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SERVER);
        assertThat(failure.message()).contains("HTTP 503").endsWith("(gave up after 4 attempts)");
        assertThat(server.requests()).hasSize(4);
        assertThat(log.of(ModelEvent.Retrying.class)).hasSize(3);
    }

    @Test
    void retryAfterLongerThanTheLimitFailsAtOnceCarryingTheWait() {
        server.replyStatus(429, Map.of("retry-after", "3600"));
        EventLog log = new EventLog();

        ProviderFailure failure = ((ModelEvent.Failed) run(server.anthropicSettings(), log)).failure();

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).contains(Duration.ofHours(1));
        assertThat(failure.message()).contains("asks to wait 3600 s");
        assertThat(waits).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void errorEventInTheMiddleOfTheStreamFails(ProviderType type) {
        server.reply(ScriptedReply.text("partial answer").thenError("overloaded_error", "Overloaded"));
        EventLog log = new EventLog();

        ModelEvent.Terminal end = run(EventLog.settings(server, type), log);

        // Text was already shown: a retry would repeat it, so the call fails instead.
        ProviderFailure failure = ((ModelEvent.Failed) end).failure();
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.OVERLOADED);
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.message())
                .isEqualTo(type.configName() + ": error in the stream (overloaded_error): Overloaded");
        assertThat(log.text()).isEqualTo("partial answer");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void overloadedErrorEventBeforeAnyContentIsRetried() {
        server.anthropic()
                .reply(ScriptedReply.answer().thenError("overloaded_error", "Overloaded"))
                .replyText("recovered");
        EventLog log = new EventLog();

        ModelEvent.Terminal end = run(server.anthropicSettings(), log);

        assertThat(end).isInstanceOf(ModelEvent.Stopped.class);
        assertThat(log.text()).isEqualTo("recovered");
        assertThat(log.of(ModelEvent.Retrying.class)).hasSize(1);
    }

    @Test
    void invalidRequestErrorEventIsNotRetried() {
        server.anthropic().reply(ScriptedReply.answer().thenError("invalid_request_error", "prompt is too long"));
        EventLog log = new EventLog();

        ProviderFailure failure = ((ModelEvent.Failed) run(server.anthropicSettings(), log)).failure();

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.STREAM);
        assertThat(failure.message()).contains("prompt is too long");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void connectionRefusedIsRetriedThenReportedWithTheUrl() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
        }
        EventLog log = new EventLog();

        ProviderFailure failure =
                ((ModelEvent.Failed) run(server.openAiSettings().withBaseUrl(closed), log)).failure();

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.NETWORK);
        assertThat(failure.message()).contains("cannot connect to " + closed).contains("gave up after 4 attempts");
        assertThat(log.of(ModelEvent.Retrying.class)).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void streamThatFallsSilentFailsWithTheIdleTimeout(ProviderType type) {
        // One event every 5 s against a 300 ms idle limit; a single attempt so the failure is the timeout.
        server.reply(ScriptedReply.text("slow").delay(Duration.ofSeconds(5)));
        ProviderSettings settings = EventLog.settings(server, type)
                .withTimeouts(new ProviderSettings.Timeouts(
                        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(300)))
                .withRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        EventLog log = new EventLog();

        ProviderFailure failure = ((ModelEvent.Failed) run(settings, log)).failure();

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.TIMEOUT);
        assertThat(failure.message())
                .contains("no answer from " + settings.baseUrl())
                .contains("raise the provider's timeouts");
        assertThat(log.text()).isEmpty();
    }

    @Test
    void serverThatNeverAnswersFailsWithTheResponseTimeout() {
        server.reply(ScriptedReply.text("late").headerDelay(Duration.ofSeconds(60)));
        ProviderSettings settings = server.anthropicSettings()
                .withTimeouts(new ProviderSettings.Timeouts(
                        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .withRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        EventLog log = new EventLog();

        ProviderFailure failure = ((ModelEvent.Failed) run(settings, log)).failure();

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.TIMEOUT);
        assertThat(failure.retryable()).isTrue();
        assertThat(log.events).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void bodyCutShortBeforeAnyContentIsRetried(ProviderType type) {
        server.reply(ScriptedReply.answer().truncated()).replyText("whole");
        EventLog log = new EventLog();

        ModelEvent.Terminal end = run(EventLog.settings(server, type), log);

        assertThat(end).isInstanceOf(ModelEvent.Stopped.class);
        assertThat(log.text()).isEqualTo("whole");
        assertThat(log.of(ModelEvent.Retrying.class))
                .extracting(r -> r.cause().kind())
                .containsExactly(ProviderFailure.Kind.NETWORK);
    }
}
