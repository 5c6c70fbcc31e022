package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code dispatch daemon …}: the long-lived owner of the data directory, serving HTTP and SSE. */
@Command(
        name = "daemon",
        mixinStandardHelpOptions = true,
        description = {
            "Run Dispatch as a daemon: it owns the store and serves the JSON API and event stream on a Unix socket",
            "(0600) and 127.0.0.1. One-shot commands then send their ops to it. API: docs/api.md."
        })
public final class DaemonCommand extends GroupCommand {

    /** Where a detached daemon's output goes. */
    static Path logFile(Dirs dirs) {
        return dirs.state().resolve("daemon.log");
    }

    /** The last {@code lines} lines of {@code file} written after byte {@code from}. */
    static String tail(Path file, long from, int lines) throws IOException {
        if (!Files.exists(file)) return "(no log at " + file + ")";
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(from, f.length() - 64 * 1024);
            f.seek(start);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.readFully(buf);
            Deque<String> last = new ArrayDeque<>();
            for (String l : new String(buf, StandardCharsets.UTF_8).split("\n")) {
                last.addLast(l);
                if (last.size() > lines) last.removeFirst();
            }
            return String.join("\n", List.copyOf(last));
        }
    }
}
