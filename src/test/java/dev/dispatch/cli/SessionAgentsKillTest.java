package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent snapshots outlive their owner: a real {@code dispatch run --model deep} adds a task-list item and is
 * killed with SIGKILL mid-turn; {@code sessions show} then lists its main agent (model, status as last
 * stored, not running, its task list), and {@code run --continue} without --model restores the main agent
 * on its stored model, after which the session lists both agents.
 */
class SessionAgentsKillTest {
    @TempDir
    Path project;

    @Test
    void theMainAgentsSnapshotSurvivesKillMinusNineAndResumeRestoresItsModel() throws Exception {
        Path home = ScriptedHome.create("sa-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
            Files.writeString(
                    config,
                    """
                    providers: { scripted: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: t, provider: scripted, secret: "%s" } ]
                    models:
                      - { id: fast, provider: scripted, name: claude-scripted }
                      - { id: deep, provider: scripted, name: claude-deep-scripted }
                    default_model: fast
                    """
                            .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            server.reply(ScriptedReply.answer()
                            .thenText("Planning first.")
                            .thenToolCall(
                                    call("c1", "task_list", "{\"action\":\"add\",\"title\":\"read the grammar\"}")))
                    .reply(ScriptedReply.text("never arrives").headerDelay(Duration.ofSeconds(20)))
                    .replyText("Carrying on with the grammar.");
            List<String> cmd = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElseThrow(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.dispatch.Main",
                    "run",
                    "--no-serve",
                    "--model",
                    "deep",
                    "fix the parser"));
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
            } finally {
                p.destroyForcibly(); // SIGKILL on Unix
                p.waitFor();
            }
            assertThat(p.exitValue()).isEqualTo(137);

            var env = new Environment.Snapshot(
                    Map.of("DISPATCH_HOME", home.toString(), "DISPATCH_NO_DAEMON", "1"), project);
            var listed = Environment.with(env, () -> CliHarness.run("sessions", "list", "--json"));
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            String id = json(listed.out()).path("sessions").get(0).path("id").asText();

            var shown = Environment.with(env, () -> CliHarness.run("sessions", "show", id, "--json"));
            assertThat(shown.exitCode()).as(shown.err()).isZero();
            JsonNode agents = json(shown.out()).path("agents");
            assertThat(agents).hasSize(1);
            JsonNode killed = agents.get(0);
            assertThat(killed.path("name").asText()).isEqualTo("main");
            assertThat(killed.path("model").asText()).isEqualTo("deep");
            assertThat(killed.path("status").asText()).isEqualTo("running");
            assertThat(killed.path("live").asBoolean()).isFalse();
            assertThat(killed.path("tasks").get(0).path("title").asText()).isEqualTo("read the grammar");
            var text = Environment.with(env, () -> CliHarness.run("sessions", "show", id));
            assertThat(text.out())
                    .contains("agent main (" + killed.path("agentId").asText() + ")")
                    .contains("running when its owner stopped")
                    .contains("task todo_1 [pending] read the grammar");

            var cont = Environment.with(env, () -> CliHarness.run("run", "--continue", "go on"));
            assertThat(cont.exitCode()).as(cont.err()).isZero();
            assertThat(cont.out()).contains("Carrying on with the grammar.");
            assertThat(server.requests().get(2).body())
                    .contains("claude-deep-scripted", "fix the parser", "read the grammar", "go on");

            var after = Environment.with(env, () -> CliHarness.run("sessions", "show", id, "--json"));
            JsonNode both = json(after.out()).path("agents");
            assertThat(both).hasSize(2);
            assertThat(both.get(0).path("agentId").asText())
                    .isEqualTo(killed.path("agentId").asText());
            assertThat(both.get(1).path("model").asText()).isEqualTo("deep");
            assertThat(both.get(1).path("status").asText()).isEqualTo("done");
        } finally {
            ScriptedHome.delete(home);
        }
    }

    private static JsonNode json(String text) throws Exception {
        return dev.dispatch.protocol.Json.mapper().readTree(text);
    }
}
