package dev.dispatch.agent;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ProviderSettings;
import dev.dispatch.provider.RecordedRequest;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real turn loop against the scripted model server, on both wire formats: assertions cover the
 * files on disk, the events faces see, and the requests the model received.
 */
class AgentScenarioTest {
    @TempDir
    Path project;

    @TempDir
    Path data;

    ScriptedModelServer server;
    AgentHarness h;

    @BeforeEach
    void start() {
        server = ScriptedModelServer.start();
        h = new AgentHarness(project, data);
    }

    @AfterEach
    void stop() {
        h.close();
        server.close();
    }

    static Stream<Arguments> wires() {
        return Stream.of(Arguments.of("anthropic"), Arguments.of("openai"));
    }

    ProviderSettings settings(String wire) {
        return wire.equals("anthropic") ? server.anthropicSettings() : server.openAiSettings();
    }

    @ParameterizedTest
    @MethodSource("wires")
    void readsAFileAndSummarises(String wire) throws Exception {
        Files.writeString(project.resolve("notes.txt"), "alpha\nbeta\n");
        server.reply(ScriptedReply.toolCalls(call("c1", "read_file", "{\"path\":\"notes.txt\"}"))
                        .chunkSize(3))
                .replyText("The notes list alpha and beta.");
        var started = h.start(settings(wire), "Summarise notes.txt");
        var done = h.awaitFinished(started.agentId());

        assertThat(done.status()).isEqualTo(AgentStatus.DONE);
        assertThat(done.result()).isEqualTo("The notes list alpha and beta.");
        assertThat(server.requests()).hasSize(2);
        String second = server.requests().get(1).body();
        assertThat(second).contains("alpha").contains("beta").contains("c1");
        for (RecordedRequest r : server.requests()) assertThat(r.body()).doesNotContain(ScriptedModelServer.CANARY_KEY);
        assertThat(h.of(RuntimeEvents.ToolCallFinished.class)).singleElement().satisfies(f -> assertThat(f.failed())
                .isFalse());
        assertThat(h.sessions.messages(started.sessionId()))
                .extracting(m -> m.role())
                .containsExactly("user", "assistant", "user", "assistant");
    }

    @ParameterizedTest
    @MethodSource("wires")
    void createsAndEditsFiles(String wire) throws Exception {
        server.replyToolCalls(call("c1", "write_file", "{\"path\":\"src/hello.txt\",\"content\":\"hello world\\n\"}"))
                .replyToolCalls(call(
                        "c2",
                        "edit_file",
                        "{\"path\":\"src/hello.txt\",\"old_string\":\"world\",\"new_string\":\"dispatch\"}"))
                .replyText("Created and edited.");
        var started = h.start(settings(wire), "make hello");
        assertThat(h.awaitFinished(started.agentId()).status()).isEqualTo(AgentStatus.DONE);
        assertThat(Files.readString(project.resolve("src/hello.txt"))).isEqualTo("hello dispatch\n");
    }

    @Test
    void shellOutputStreamsAsEventsWithTheExitCode() throws Exception {
        server.replyToolCalls(call("c1", "run_shell", "{\"command\":\"echo first; echo oops >&2; exit 3\"}"))
                .replyText("It failed with 3.");
        var started = h.start(server.anthropicSettings(), "run it");
        h.awaitFinished(started.agentId());
        assertThat(h.of(RuntimeEvents.ToolOutput.class))
                .extracting(RuntimeEvents.ToolOutput::chunk)
                .anySatisfy(c -> assertThat(c).contains("first"))
                .anySatisfy(c -> assertThat(c).contains("oops"));
        var finished = h.of(RuntimeEvents.ToolCallFinished.class).get(0);
        assertThat(finished.exitCode()).isEqualTo(3);
        assertThat(server.requests().get(1).body()).contains("first").contains("oops");
    }

    @Test
    void shellTimeoutKillsTheWholeTree() throws Exception {
        server.replyToolCalls(call(
                        "c1",
                        "run_shell",
                        "{\"command\":\"sleep 1000.4711 & sleep 1000.4711; echo never\",\"timeout_seconds\":1}"))
                .replyText("timed out");
        var started = h.start(server.anthropicSettings(), "sleep");
        h.awaitFinished(started.agentId());
        var finished = h.of(RuntimeEvents.ToolCallFinished.class).get(0);
        assertThat(finished.failed()).isTrue();
        assertThat(finished.result()).containsIgnoringCase("timed out");
        assertNoSurvivors("sleep 1000.4711");
    }

    /** Killed processes may take a moment to be reaped; a survivor after 5 s is a real leak. */
    static void assertNoSurvivors(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && survivors(marker) > 0) Thread.sleep(20);
        assertThat(survivors(marker)).as("processes still running: " + marker).isZero();
    }

    static long survivors(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(marker))
                .count();
    }

    @Test
    void rateLimitThenSuccess() throws Exception {
        server.replyStatus(429, Map.of("retry-after", "0")).replyText("after the wait");
        var started = h.start(server.openAiSettings(), "hi");
        var done = h.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.DONE);
        assertThat(done.result()).isEqualTo("after the wait");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void badRequestFailsFastWithTheProvidersMessage() throws Exception {
        server.replyStatus(400, Map.of()).replyText("never sent");
        var started = h.start(server.anthropicSettings(), "hi");
        var done = h.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.ERROR);
        assertThat(done.error()).contains("scripted status 400").doesNotContain(ScriptedModelServer.CANARY_KEY);
        assertThat(server.requests()).hasSize(1);
        assertThat(h.sessions.require(started.sessionId()).status()).isEqualTo("error");
    }

    @Test
    void cancellationStopsTheStreamAndIsRecorded() throws Exception {
        server.reply(ScriptedReply.text("x".repeat(400)).chunkSize(1).delay(Duration.ofMillis(20)));
        var started = h.start(server.anthropicSettings(), "talk slowly");
        h.await(RuntimeEvents.TextDelta.class, Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        h.runtime.cancel(started.agentId());
        var done = h.awaitFinished(started.agentId());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(done.status()).isEqualTo(AgentStatus.CANCELLED);
        assertThat(h.sessions.require(started.sessionId()).status()).isEqualTo("cancelled");
    }

    @Test
    void cancellationKillsARunningShellTool() throws Exception {
        server.replyToolCalls(call("c1", "run_shell", "{\"command\":\"sleep 1000.4712\",\"timeout_seconds\":600}"));
        var started = h.start(server.anthropicSettings(), "wait");
        h.await(RuntimeEvents.ToolCallStarted.class, Duration.ofSeconds(10));
        Thread.sleep(200);
        h.runtime.cancel(started.agentId());
        var done = h.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.CANCELLED);
        assertNoSurvivors("sleep 1000.4712");
    }

    @Test
    void pathsOutsideTheProjectAreRefusedThroughTheLoop() throws Exception {
        Path outside = Files.createTempFile("dispatch-outside", ".txt");
        try {
            server.replyToolCalls(
                            call("c1", "write_file", "{\"path\":\"" + outside + "\",\"content\":\"pwned\"}"),
                            call("c2", "read_file", "{\"path\":\"../../../../../../etc/passwd\"}"))
                    .replyText("refused");
            var started = h.start(server.anthropicSettings(), "escape");
            h.awaitFinished(started.agentId());
            assertThat(Files.readString(outside)).isEmpty();
            assertThat(h.of(RuntimeEvents.ToolCallFinished.class)).allSatisfy(f -> {
                assertThat(f.failed()).isTrue();
                assertThat(f.result()).contains("outside the project root");
            });
            assertThat(server.requests().get(1).body()).doesNotContain("root:x:0");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void inputQueuedWhileBusyIsDeliveredAtTheNextToolBoundary() throws Exception {
        server.reply(ScriptedReply.toolCalls(call("c1", "run_shell", "{\"command\":\"sleep 0.5\"}")))
                .replyText("saw it");
        var started = h.start(server.anthropicSettings(), "first");
        h.await(RuntimeEvents.ToolCallStarted.class, Duration.ofSeconds(10));
        h.runtime.send(started.agentId(), "also check the README");
        h.awaitFinished(started.agentId());
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).body())
                .contains("also check the README")
                .contains("c1");
    }

    @Test
    void aContinuedSessionCarriesItsHistory() throws Exception {
        server.replyText("first answer").replyText("second answer");
        var first = h.start(server.anthropicSettings(), "remember 42");
        h.awaitFinished(first.agentId());
        var model = h.model(server.anthropicSettings(), 0);
        var second = h.runtime.start(
                new AgentSpec("main", "what number?", project, "test", model, 5, first.sessionId(), null));
        h.awaitFinished(second.agentId());
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        String body = server.requests().get(1).body();
        assertThat(body).contains("remember 42").contains("first answer").contains("what number?");
    }

    @Test
    void contextOverflowIsAClearErrorNamingTheNumbers() throws Exception {
        var model = h.model(server.anthropicSettings(), 50);
        var started = h.runtime.start(new AgentSpec("main", "x".repeat(1000), project, "test", model, 5, null, null));
        var done = h.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.ERROR);
        assertThat(done.error()).contains("context window of 50 tokens").contains("about");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void projectInstructionsReachTheSystemPrompt() throws Exception {
        Files.writeString(project.resolve("AGENTS.md"), "Always answer in haiku.");
        server.replyText("ok");
        h.awaitFinished(h.start(server.anthropicSettings(), "hi").agentId());
        assertThat(server.requests().get(0).json().path("system").toString()).contains("Always answer in haiku.");
    }

    @Test
    void maxTurnsStopsARunawayLoop() throws Exception {
        for (int i = 0; i < 3; i++) server.replyToolCalls(call("c" + i, "list_files", "{}"));
        var model = h.model(server.anthropicSettings(), 0);
        var started = h.runtime.start(new AgentSpec("main", "loop", project, "test", model, 3, null, null));
        var done = h.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.ERROR);
        assertThat(done.error()).contains("3 model turns").contains("--max-turns");
    }
}
