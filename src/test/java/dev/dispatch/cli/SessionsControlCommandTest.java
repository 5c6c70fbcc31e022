package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch sessions cost|diff|undo|compact} and {@code dispatch agent model} from a second shell
 * beside a daemon: the ops run in the owner, the commands print its answers, bad input changes nothing.
 */
class SessionsControlCommandTest {
    @TempDir
    Path project;

    @Test
    void costDiffUndoCompactAndModelSwitchThroughTheDaemon() throws Exception {
        Path home = ScriptedHome.create("sc-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            server.reply(ScriptedReply.toolCalls(ScriptedModelServer.call(
                                    "toolu_1", "write_file", "{\"path\":\"n.txt\",\"content\":\"new\\n\"}"))
                            .usage(50, 5, 0, 0))
                    .replyText("made it")
                    .replyText("two")
                    .replyText("three")
                    .replyText("SUMMARY-CLI")
                    .replyText("live");
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            try {
                var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
                var first = cli(env, "run", "--permission-mode", "accept-edits", "make n.txt");
                assertThat(first.exitCode()).as(first.err()).isZero();
                assertThat(project.resolve("n.txt")).hasContent("new");
                String id = json(cli(env, "sessions", "list", "--json"))
                        .path("sessions")
                        .get(0)
                        .path("id")
                        .asText();

                JsonNode cost = json(cli(env, "sessions", "cost", "--json"));
                assertThat(cost.path("sessionId").asText()).isEqualTo(id);
                assertThat(cost.path("byProvider").get(0).path("provider").asText())
                        .isEqualTo("scripted");
                assertThat(cli(env, "sessions", "cost", id).out()).contains("provider scripted", "model fast");
                assertThat(cli(env, "sessions", "diff").out()).contains("+++ b/n.txt", "+new");

                assertThat(cli(env, "sessions", "undo", "--yes-please").exitCode())
                        .isEqualTo(2);
                var undo = cli(env, "sessions", "undo", id);
                assertThat(undo.exitCode()).as(undo.err()).isZero();
                assertThat(undo.out()).contains("removed [n.txt]");
                assertThat(project.resolve("n.txt")).doesNotExist();
                var again = cli(env, "sessions", "undo", id);
                assertThat(again.exitCode()).isNotZero();
                assertThat(again.err()).contains("nothing to undo");

                // too short to compact: refused, nothing changed
                var shortOne = cli(env, "sessions", "compact", id);
                assertThat(shortOne.exitCode()).isEqualTo(2);
                assertThat(shortOne.err()).contains("too short to compact");
                assertThat(cli(env, "run", "--continue", "second").exitCode()).isZero();
                // the undo reached the model with the next input (the agent restarted in the daemon)
                assertThat(server.requests().get(2).body())
                        .contains("undid turn 1", "removed [n.txt]", "no longer stand", "second");
                assertThat(cli(env, "run", "--continue", "third").exitCode()).isZero();
                assertThat(server.requests().get(3).body().split("no longer stand", -1))
                        .as("told once")
                        .hasSize(2);
                var compact = cli(env, "sessions", "compact", id);
                assertThat(compact.exitCode()).as(compact.err()).isZero();
                assertThat(compact.out()).contains("compacted");
                assertThat(cli(env, "sessions", "show", id).out()).contains("note", "compaction", "make n.txt");

                // a model switch of an agent running in the daemon, by name; bad model refused
                try (var remote = Daemons.find(dirs, Map.of()).orElseThrow()) {
                    var live = remote.submit(SessionOps.StartAgent.of("live one", project.toString()));
                    var bad = cli(env, "agent", "model", live.agentId(), "nope");
                    assertThat(bad.exitCode()).isEqualTo(2);
                    assertThat(bad.err()).contains("unknown model 'nope'", "fast");
                    var ok = cli(env, "agent", "model", live.agentId(), "fast", "--json");
                    assertThat(ok.exitCode()).as(ok.err()).isZero();
                    assertThat(json(ok).path("model").asText()).isEqualTo("fast");
                    assertThat(cli(env, "agent", "model", live.agentId()).exitCode())
                            .isEqualTo(2);
                    assertThat(cli(env, "agent", "model", "agt_nope", "fast").exitCode())
                            .isEqualTo(3);
                }
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    static CliHarness.Result cli(Environment.Snapshot env, String... args) throws Exception {
        return Environment.with(env, () -> CliHarness.run(args));
    }

    static JsonNode json(CliHarness.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out());
    }
}
