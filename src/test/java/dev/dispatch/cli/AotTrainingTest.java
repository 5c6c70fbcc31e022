package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session workload install.sh trains the run/chat cache with: real agent runs that must succeed. */
class AotTrainingTest {
    @Test
    void theSessionWorkloadRunsAnAgentWithAToolCallInEveryOutputFormat() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "at-"); // short: Unix socket paths are limited
        try {
            StringWriter err = new StringWriter();
            var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), home);
            int code = Environment.with(env, () -> AotTraining.run("session", new PrintWriter(err, true)));
            assertThat(code).as(err.toString()).isZero();
            var r = Environment.with(env, () -> CliHarness.run("daemon", "status"));
            assertThat(r.out() + r.err())
                    .as("the runs' sessions ended and stopped serving")
                    .contains("no daemon running");
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
