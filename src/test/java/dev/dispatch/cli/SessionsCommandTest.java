package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch sessions …} and {@code run --continue/--resume} beside a daemon: list, rename then
 * continue (the title survives and the history is whole), search, show, export, fork, delete, and the
 * bad inputs that must change nothing.
 */
class SessionsCommandTest {
    @TempDir
    Path project;

    @Test
    void browseRenameContinueForkAndDeleteThroughTheDaemon() throws Exception {
        Path home = ScriptedHome.create("ss-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            server.replyText("reply one").replyText("reply two").replyText("reply three");
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            try {
                var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
                assertThat(cli(env, "run", "first prompt about zebras").exitCode())
                        .isZero();
                assertThat(cli(env, "run", "--continue", "second prompt").exitCode())
                        .isZero();
                JsonNode list = json(cli(env, "sessions", "list", "--json"));
                assertThat(list.path("sessions")).hasSize(1);
                String id = list.path("sessions").get(0).path("id").asText();
                assertThat(list.path("sessions").get(0).path("title").asText()).isEqualTo("first prompt about zebras");
                assertThat(list.path("sessions").get(0).path("messageCount").asInt())
                        .isEqualTo(4);

                // rename, then resume: the title holds, and the model gets the whole history
                assertThat(cli(env, "sessions", "rename", id, "Zebra", "work").out())
                        .contains("Zebra work");
                var third = cli(env, "run", "--resume", id, "third prompt");
                assertThat(third.exitCode()).as(third.err()).isZero();
                assertThat(server.requests().get(2).body())
                        .contains(
                                "first prompt about zebras", "reply one", "second prompt", "reply two", "third prompt");
                list = json(cli(env, "sessions", "list", "--json"));
                assertThat(list.path("sessions")).hasSize(1);
                assertThat(list.path("sessions").get(0).path("title").asText()).isEqualTo("Zebra work");
                assertThat(list.path("sessions").get(0).path("messageCount").asInt())
                        .isEqualTo(6);
                assertThat(cli(env, "sessions", "list").out())
                        .contains("Zebra work")
                        .contains(id);

                JsonNode hits =
                        json(cli(env, "sessions", "search", "zebras", "--json")).path("hits");
                assertThat(hits).hasSize(1);
                assertThat(hits.get(0).path("messageId").asText()).isEqualTo(id + ":1");
                assertThat(hits.get(0).path("snippet").asText()).contains("[zebras]");
                assertThat(hits.get(0).path("title").asText()).isEqualTo("Zebra work");
                assertThat(cli(env, "sessions", "show", id).out()).contains("[" + id + ":1] user", "reply three");
                assertThat(cli(env, "sessions", "export", id, "--format", "markdown")
                                .out())
                        .startsWith("# Zebra work")
                        .contains("reply two");
                assertThat(json(cli(env, "sessions", "export", id, "--format", "json"))
                                .path("messages"))
                        .hasSize(6);

                var fork = cli(env, "sessions", "fork", id, "--at", id + ":2", "--json");
                assertThat(fork.exitCode()).as(fork.err()).isZero();
                String forkId = json(fork).path("id").asText();
                assertThat(json(cli(env, "sessions", "show", forkId, "--json")).path("messages"))
                        .hasSize(2);

                // bad input: a clear error and nothing changed
                assertThat(cli(env, "sessions", "show", "ses_nope").exitCode()).isEqualTo(3);
                var other = cli(env, "sessions", "fork", id, "--at", forkId + ":1");
                assertThat(other.exitCode()).isEqualTo(2);
                assertThat(other.err()).contains("belongs to session '" + forkId + "'");
                assertThat(cli(env, "sessions", "fork", id, "--at", "77").err()).contains("has no message 77");
                assertThat(cli(env, "sessions", "search", " ").exitCode()).isEqualTo(2);
                assertThat(cli(env, "sessions", "search", "q".repeat(1001)).err())
                        .contains("too long");
                assertThat(cli(env, "sessions", "list", "--since", "yesterday-ish")
                                .err())
                        .contains("is not a date");
                assertThat(cli(env, "sessions", "list", "--all", "--project", ".")
                                .exitCode())
                        .isEqualTo(2);
                assertThat(cli(env, "sessions", "rename", "ses_nope", "x").exitCode())
                        .isEqualTo(3);
                var noTty = cli(env, "sessions", "delete", id);
                assertThat(noTty.exitCode()).isEqualTo(2);
                assertThat(noTty.err()).contains("--yes");
                assertThat(json(cli(env, "sessions", "list", "--json")).path("sessions"))
                        .hasSize(2);

                assertThat(cli(env, "sessions", "delete", id, "--yes").exitCode())
                        .isZero();
                list = json(cli(env, "sessions", "list", "--json"));
                assertThat(list.path("sessions"))
                        .extracting(n -> n.path("id").asText())
                        .containsExactly(forkId);
                assertThat(json(cli(env, "sessions", "search", "zebras", "--json"))
                                .path("hits"))
                        .extracting(n -> n.path("sessionId").asText())
                        .containsOnly(forkId);
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
