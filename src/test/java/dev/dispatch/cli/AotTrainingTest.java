package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session, run and runlane workloads install.sh trains the workbench/chat, cold-run and attached-run caches
 * with: real agent runs that must succeed (run and runlane through {@link RunLane}: hosting the engine, or
 * attached to a daemon on an {@link AotModel}).
 */
class AotTrainingTest {
    @Test
    void theSessionAndRunWorkloadsRunAnAgentWithAToolCallInEveryOutputFormat() throws Exception {
        // session: through picocli (the workbench's and chat's cache); run: as RunLane hosts a cold run
        for (String kind : java.util.List.of("session", "run")) {
            Path home = Files.createTempDirectory(Path.of("/tmp"), "at-"); // short: Unix socket paths are limited
            try {
                StringWriter err = new StringWriter();
                var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), home);
                int code = Environment.with(env, () -> AotTraining.run(kind, new PrintWriter(err, true)));
                assertThat(code).as(kind + ": " + err).isZero();
                var r = Environment.with(env, () -> CliHarness.run("daemon", "status"));
                assertThat(r.out() + r.err())
                        .as(kind + ": the runs' sessions ended and stopped serving")
                        .contains("no daemon running");
            } finally {
                try (var files = Files.walk(home)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void theRunLaneWorkloadRunsAttachedThroughTheLaneInEveryOutputFormat() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "al-");
        try (AotModel model = AotModel.start()) {
            StringWriter err = new StringWriter();
            var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), home);
            // with no owner the workload cannot train anything: it says so
            assertThat(Environment.with(env, () -> AotTraining.run("runlane", new PrintWriter(err, true))))
                    .isEqualTo(ExitCode.ERROR.code());
            assertThat(err.toString()).contains("found no owner");
            Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
            Files.writeString(
                    config,
                    "providers: { aot: { type: anthropic, base_url: \"" + model.baseUrl() + "\" } }\n"
                            + "keys: [ { id: aot, provider: aot, secret: \"aot-training-not-a-key\" } ]\n"
                            + "models: [ { id: aot, provider: aot, name: aot } ]\ndefault_model: aot\n");
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            var dirs = dev.dispatch.config.Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            var daemon = dev.dispatch.daemon.Daemon.start(
                    dirs,
                    new dev.dispatch.daemon.ServerConfig(
                            dirs.socket(), 0, dev.dispatch.daemon.ServerConfig.Limits.defaults()),
                    "test",
                    new dev.dispatch.daemon.DaemonLog(new StringWriter()));
            try {
                StringWriter err2 = new StringWriter();
                int code = Environment.with(env, () -> AotTraining.run("runlane", new PrintWriter(err2, true)));
                assertThat(code).as(err2.toString()).isZero();
                assertThat(home.resolve("aot-project"))
                        .as("its project is removed")
                        .doesNotExist();
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
