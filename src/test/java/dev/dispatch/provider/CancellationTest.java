package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancelling from another thread ends the call with CANCELLED and closes the connection, whether the
 * model is mid-answer, the server has not answered yet, or the provider is waiting to retry. Each
 * scripted stream is far longer than the test runs, so a cancellation that did not work would end
 * with END_TURN (and the server would see no disconnect) instead.
 */
class CancellationTest {
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
    void cancelMidStreamStopsReadingAndClosesTheConnection(ProviderType type) throws Exception {
        // 400 one-character events, 50 ms apart: 20 s if nobody cancels.
        server.reply(ScriptedReply.text("x".repeat(400)).chunkSize(1).delay(Duration.ofMillis(50)));
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Void> firstText = new CompletableFuture<>();
        EventLog log = new EventLog();
        Provider provider = EventLog.provider(EventLog.settings(server, type), waits);

        CompletableFuture<ModelEvent.Terminal> call = CompletableFuture.supplyAsync(() -> provider.stream(
                StreamingTest.hello(),
                event -> {
                    log.accept(event);
                    if (event instanceof ModelEvent.TextDelta) firstText.complete(null);
                },
                cancellation));
        firstText.get(10, TimeUnit.SECONDS);
        cancellation.cancel();

        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(new ModelEvent.Stopped(StopReason.CANCELLED, "cancelled"));
        assertThat(server.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
        assertThat(log.text().length()).isLessThan(400);
        assertThat(log.of(ModelEvent.Usage.class)).isEmpty();
        assertThat(log.last()).isEqualTo(new ModelEvent.Stopped(StopReason.CANCELLED, "cancelled"));
    }

    @Test
    void cancelBeforeTheServerAnswersAbortsTheRequest() throws Exception {
        server.reply(ScriptedReply.text("too late").headerDelay(Duration.ofSeconds(20)));
        Cancellation cancellation = new Cancellation();
        Provider provider = EventLog.provider(server.anthropicSettings(), waits);

        CompletableFuture<ModelEvent.Terminal> call = CompletableFuture.supplyAsync(
                () -> provider.stream(StreamingTest.hello(), new EventLog(), cancellation));
        awaitRequests(1);
        cancellation.cancel();

        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(new ModelEvent.Stopped(StopReason.CANCELLED, "cancelled"));
    }

    @Test
    void cancelDuringARetryWaitWakesTheRealSleeper() throws Exception {
        server.replyStatus(429, Map.of("retry-after", "30")).replyText("never asked for");
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Void> retrying = new CompletableFuture<>();
        Provider provider = Providers.create(server.anthropicSettings(), Sleeper.real(), OllamaProbe.local());

        CompletableFuture<ModelEvent.Terminal> call = CompletableFuture.supplyAsync(() -> provider.stream(
                StreamingTest.hello(),
                event -> {
                    if (event instanceof ModelEvent.Retrying) retrying.complete(null);
                },
                cancellation));
        retrying.get(10, TimeUnit.SECONDS);
        cancellation.cancel();

        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(new ModelEvent.Stopped(StopReason.CANCELLED, "cancelled"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void alreadyCancelledCallSendsNothing() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        EventLog log = new EventLog();

        ModelEvent.Terminal end =
                EventLog.provider(server.openAiSettings(), waits).stream(StreamingTest.hello(), log, cancellation);

        assertThat(end).isEqualTo(new ModelEvent.Stopped(StopReason.CANCELLED, "cancelled"));
        assertThat(server.requests()).isEmpty();
        assertThat(log.events).containsExactly(end);
    }

    @Test
    void interruptingTheCallingThreadEndsTheCallAsCancelled() throws Exception {
        server.reply(ScriptedReply.text("y".repeat(400)).chunkSize(1).delay(Duration.ofMillis(50)));
        CompletableFuture<Void> firstText = new CompletableFuture<>();
        CompletableFuture<ModelEvent.Terminal> result = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Provider provider = EventLog.provider(server.openAiSettings(), waits);

        Thread agent = Thread.ofVirtual().start(() -> {
            result.complete(provider.stream(
                    StreamingTest.hello(),
                    event -> {
                        if (event instanceof ModelEvent.TextDelta) firstText.complete(null);
                    },
                    new Cancellation()));
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        firstText.get(10, TimeUnit.SECONDS);
        agent.interrupt();

        assertThat(result.get(10, TimeUnit.SECONDS))
                .isEqualTo(new ModelEvent.Stopped(StopReason.CANCELLED, "cancelled"));
        assertThat(stillInterrupted.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
    }

    private void awaitRequests(int n) throws InterruptedException {
        for (int i = 0; i < 1000 && server.requests().size() < n; i++) Thread.sleep(10);
        assertThat(server.requests()).hasSize(n);
    }
}
