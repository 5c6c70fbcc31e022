package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a daemon owning the data dir, {@code dispatch run} attaches to it: the agent runs in the
 * daemon, its events stream back over the socket, and the output is the same as in-process.
 */
class RunThroughDaemonTest {
    @TempDir
    Path project;

    @Test
    void runAttachesToTheDaemonAndPrintsTheSameAnswer() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "dr-"); // short: Unix socket paths are limited
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Files.writeString(project.resolve("a.txt"), "forty-two\n");
            server.replyToolCalls(call("c1", "read_file", "{\"path\":\"a.txt\"}"))
                    .replyText("It says forty-two.");
            Files.createDirectories(home.resolve("config"));
            Files.writeString(
                    home.resolve("config/config.yaml"),
                    """
                    providers: { scripted: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: t, provider: scripted, secret: "%s" } ]
                    models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                    default_model: fast
                    """
                            .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
            Files.setPosixFilePermissions(
                    home.resolve("config/config.yaml"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            StringWriter log = new StringWriter();
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(log));
            try {
                var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
                var r = Environment.with(env, () -> CliHarness.run("run", "what does a.txt say?"));
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.out()).isEqualTo("It says forty-two.\n");
                assertThat(r.err()).contains("› read_file").contains("2 turns");
                assertThat(log.toString())
                        .contains("/v1/runtime/agents")
                        .doesNotContain(ScriptedModelServer.CANARY_KEY);
                assertThat(server.requests()).hasSize(2);
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
