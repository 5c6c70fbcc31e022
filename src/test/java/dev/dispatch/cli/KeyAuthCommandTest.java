package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, class 13 from the command line: {@code dispatch run} on a key the provider refuses ends with
 * exit 1 and the provider's message instead of hanging, and {@code dispatch keys enable ID} tries the key
 * again, on the store directly and through a running daemon.
 */
class KeyAuthCommandTest {
    static final String PROVIDER_SAYS = "invalid x-api-key (scripted)";

    @TempDir
    Path project;

    Path home;
    ScriptedModelServer server;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "ka-"); // short: Unix socket paths are limited
        server = ScriptedModelServer.start();
        Files.createDirectories(home.resolve("config"));
        Files.writeString(
                home.resolve("config/config.yaml"),
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: test, provider: scripted, secret: "%s" } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                """
                        .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    CliHarness.Result cli(String... args) {
        var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString(), "HOME", home.toString()), project);
        return Environment.with(env, () -> CliHarness.run(args));
    }

    void refuse() {
        server.reply(ScriptedReply.status(401, "authentication_error", PROVIDER_SAYS, Map.of()));
    }

    void assertRefusedRun() {
        var r = cli("run", "hello");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.ERROR.code());
        assertThat(r.err()).contains(PROVIDER_SAYS).contains("dispatch keys enable test");
        assertThat(r.out() + r.err()).doesNotContain(ScriptedModelServer.CANARY_KEY);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRefusedKeyEndsTheRunWithExitOneAndKeysEnableTriesItAgain() {
        refuse();
        assertRefusedRun();
        assertThat(cli("keys").out()).contains("disabled").contains(PROVIDER_SAYS);
        // a second run fails at once on the disabled key: the provider is not asked again
        assertRefusedRun();
        assertThat(server.requests()).hasSize(1);

        var enabled = cli("keys", "enable", "test");
        assertThat(enabled.exitCode()).as(enabled.err()).isZero();
        assertThat(enabled.out()).isEqualTo("key 'test' enabled: the next call tries it again\n");
        assertThat(cli("keys").out()).contains("active").doesNotContain("disabled");
        var unknown = cli("keys", "enable", "tset");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no key 'tset' in the config; configured keys: [test]");

        server.replyText("works again");
        var ok = cli("run", "hello");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("works again\n");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void throughARunningDaemonTheRunEndsAndKeysEnableReachesTheDaemon() throws Exception {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Daemon daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        try {
            refuse();
            assertRefusedRun();
            var enabled = cli("keys", "enable", "test");
            assertThat(enabled.exitCode()).as(enabled.err()).isZero();
            assertThat(enabled.out()).isEqualTo("key 'test' enabled: the next call tries it again\n");
            assertThat(cli("keys", "enable", "test").out()).contains("nothing to do");
            server.replyText("works again");
            var ok = cli("run", "hello");
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo("works again\n");
        } finally {
            daemon.stop();
            daemon.awaitStopped();
        }
    }
}
