package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code dispatch run} killed with SIGKILL mid-turn (after a streamed answer and a tool result,
 * while the next model call is in flight): every message it showed is in the store, and
 * {@code run --continue} carries on with the full context.
 */
class SessionKillResumeTest {
    @TempDir
    Path project;

    @Test
    void killMinusNineMidTurnLosesNothingShownAndContinueHasTheFullContext() throws Exception {
        Path home = ScriptedHome.create("sk-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Files.writeString(project.resolve("a.txt"), "forty-two\n");
            server.reply(ScriptedReply.answer()
                            .thenText("Let me read the file first.")
                            .thenToolCall(call("c1", "read_file", "{\"path\":\"a.txt\"}")))
                    .reply(ScriptedReply.text("never arrives").headerDelay(Duration.ofSeconds(20)))
                    .replyText("It said forty-two, continuing.");
            List<String> cmd = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElseThrow(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.dispatch.Main",
                    "run",
                    "--no-serve",
                    "what does a.txt say?"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
            pb.environment().put("DISPATCH_HOME", home.toString());
            pb.environment().put("DISPATCH_NO_DAEMON", "1");
            pb.environment().remove("DISPATCH_AGENT_TOKEN");
            File out = home.resolve("out.txt").toFile();
            Process p = pb.redirectOutput(out)
                    .redirectError(home.resolve("err.txt").toFile())
                    .start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (server.requests().size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
                assertThat(server.requests())
                        .as(Files.readString(home.resolve("err.txt")))
                        .hasSize(2);
                Thread.sleep(300); // the second request is in flight: the turn is not over
                assertThat(Files.readString(home.resolve("err.txt")) + Files.readString(out.toPath()))
                        .contains("read_file");
            } finally {
                p.destroyForcibly(); // SIGKILL on Unix
                p.waitFor();
            }
            assertThat(p.exitValue()).isEqualTo(137);

            var env = new Environment.Snapshot(
                    Map.of("DISPATCH_HOME", home.toString(), "DISPATCH_NO_DAEMON", "1"), project);
            var shown = Environment.with(env, () -> CliHarness.run("sessions", "list", "--json"));
            assertThat(shown.exitCode()).as(shown.err()).isZero();
            String id = dev.dispatch.protocol.Json.mapper()
                    .readTree(shown.out())
                    .path("sessions")
                    .get(0)
                    .path("id")
                    .asText();
            var show = Environment.with(env, () -> CliHarness.run("sessions", "show", id));
            assertThat(show.out())
                    .contains("what does a.txt say?", "Let me read the file first.", "read_file", "forty-two");

            var cont = Environment.with(env, () -> CliHarness.run("run", "--continue", "and then?"));
            assertThat(cont.exitCode()).as(cont.err()).isZero();
            assertThat(cont.out()).contains("It said forty-two, continuing.");
            String resumed = server.requests().get(2).body();
            assertThat(resumed)
                    .contains("what does a.txt say?", "Let me read the file first.", "c1", "forty-two", "and then?");
        } finally {
            ScriptedHome.delete(home);
        }
    }
}
