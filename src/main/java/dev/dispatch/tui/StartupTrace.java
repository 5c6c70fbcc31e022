package dev.dispatch.tui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Marks on the faces' start-up path, for profiling how long the workbench and chat take to their first
 * prompt (issue 19): with {@code DISPATCH_STARTUP_TRACE=FILE} each {@link #mark} appends a line "ms since
 * the JVM started, ms since the previous mark, what" to FILE; without it a mark costs one static read.
 * A file, not stderr: the faces own the terminal.
 */
public final class StartupTrace {
    private static final String FILE = System.getenv("DISPATCH_STARTUP_TRACE");
    private static final long START_MS = FILE == null
            ? 0
            : ProcessHandle.current()
                    .info()
                    .startInstant()
                    .map(i -> i.toEpochMilli())
                    .orElse(System.currentTimeMillis());
    private static long last = START_MS;

    private StartupTrace() {}

    /** Records that start-up reached {@code what} (a no-op unless DISPATCH_STARTUP_TRACE names a file). */
    public static synchronized void mark(String what) {
        if (FILE == null) return;
        long now = System.currentTimeMillis();
        String line = String.format(
                "%6d %+6d %s [%s]%n",
                now - START_MS, now - last, what, Thread.currentThread().getName());
        last = now;
        try {
            Files.writeString(
                    Path.of(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // profiling only: a bad path loses the marks, never the face
        }
    }
}
