package dev.dispatch.shell;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run with {@code bash -c}: where, for how long at most, with which environment (given
 * explicitly, already scrubbed by {@link ShellEnv}; nothing is inherited), and how many bytes of each
 * output stream to keep for the result (the head and the tail; the middle is dropped with a marker).
 * {@code prefix} is the argv that confines it ({@link Sandbox#prefix}), empty when unsandboxed.
 */
public record ShellCommand(
        String command,
        Path cwd,
        Duration timeout,
        Map<String, String> environment,
        int outputCap,
        List<String> prefix) {
    public ShellCommand(String command, Path cwd, Duration timeout, Map<String, String> environment, int outputCap) {
        this(command, cwd, timeout, environment, outputCap, List.of());
    }

    public ShellCommand {
        prefix = prefix == null ? List.of() : List.copyOf(prefix);
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(timeout, "timeout");
        environment = Map.copyOf(environment);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (outputCap < 64) throw new IllegalArgumentException("outputCap must be at least 64 bytes");
    }
}
