package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code dispatch} as a real process for CLI tests: this JVM's {@code java} and class path running
 * {@code dev.dispatch.Main} with {@code DISPATCH_HOME} set (and no agent token from the test's own
 * environment), its output captured in files under the home.
 */
final class DispatchProcess {
    /** How a run ended: exit code, standard output, standard error. */
    record Run(int exit, String out, String err) {}

    private DispatchProcess() {}

    /** Runs {@code dispatch args} in {@code cwd} with {@code env} added, and waits up to two minutes for it. */
    static Run run(Path home, Path cwd, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return run(home, cwd, env, List.of(), args);
    }

    /** {@link #run(Path, Path, Map, String...)} with {@code jvm} options before the class path (as the launcher's). */
    static Run run(Path home, Path cwd, Map<String, String> env, List<String> jvm, String... args)
            throws IOException, InterruptedException {
        return run(home, cwd, env, jvm, java.time.Duration.ofMinutes(2), args);
    }

    /** Runs {@code dispatch args}, failing the test (and killing the process) when it outlives {@code limit}. */
    static Run run(
            Path home, Path cwd, Map<String, String> env, List<String> jvm, java.time.Duration limit, String... args)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.dispatch.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("DISPATCH_HOME", home.toString());
        pb.environment().remove("DISPATCH_AGENT_TOKEN");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) p.destroyForcibly();
        assertThat(ended)
                .as(
                        "dispatch %s finished within %s; stderr: %s",
                        List.of(args), limit, Files.readString(err, StandardCharsets.UTF_8))
                .isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
