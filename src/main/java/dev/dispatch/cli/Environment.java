package dev.dispatch.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The environment variables and working directory commands act on. Normally the process's own; tests
 * run commands in-process with their own (a temp DISPATCH_HOME, a project dir) via {@link #with}, so no
 * test reads or writes the real home.
 */
public final class Environment {
    /** What a command sees: env vars and the directory it was started in. */
    public record Snapshot(Map<String, String> vars, Path cwd) {
        public Snapshot {
            vars = Map.copyOf(vars);
            cwd = cwd.toAbsolutePath().normalize();
        }
    }

    private static final ThreadLocal<Snapshot> OVERRIDE = new ThreadLocal<>();

    private Environment() {}

    public static Snapshot current() {
        Snapshot s = OVERRIDE.get();
        return s != null ? s : new Snapshot(System.getenv(), Path.of(""));
    }

    /** Runs {@code body} on this thread with {@code snapshot} as the environment. */
    public static <T> T with(Snapshot snapshot, Supplier<T> body) {
        Snapshot previous = OVERRIDE.get();
        OVERRIDE.set(snapshot);
        try {
            return body.get();
        } finally {
            if (previous == null) OVERRIDE.remove();
            else OVERRIDE.set(previous);
        }
    }
}
