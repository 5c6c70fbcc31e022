package dev.dispatch.lsp;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.Diagnostic;

/**
 * The diagnostics one server last published, by file, with a counter that lets a caller wait for
 * the publish that follows a change it sent (and, when the server reports versions, for that version).
 */
final class Published {
    /** One publish: the document version it describes (null when the server sends none). */
    record Entry(Integer version, List<Diagnostic> diagnostics, long seq) {}

    private final Map<Path, Entry> byFile = new LinkedHashMap<>();
    private long seq;

    synchronized Entry put(Path file, Integer version, List<Diagnostic> diagnostics) {
        Entry e = new Entry(version, List.copyOf(diagnostics), ++seq);
        byFile.put(file, e);
        notifyAll();
        return e;
    }

    synchronized long seq() {
        return seq;
    }

    synchronized Entry get(Path file) {
        return byFile.get(file);
    }

    synchronized Map<Path, Entry> all() {
        return new LinkedHashMap<>(byFile);
    }

    synchronized void forget(Path file) {
        byFile.remove(file);
    }

    synchronized void clear() {
        byFile.clear();
        notifyAll();
    }

    /**
     * The first publish for {@code file} after {@code afterSeq} (and at {@code minVersion} or later when
     * the server sends versions), or null when none came before {@code deadlineNanos}.
     */
    synchronized Entry awaitAfter(Path file, long afterSeq, int minVersion, long deadlineNanos)
            throws InterruptedException {
        while (true) {
            Entry e = byFile.get(file);
            if (e != null && e.seq() > afterSeq && (e.version() == null || e.version() >= minVersion)) return e;
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return null;
            wait(Math.max(1, left / 1_000_000), 0);
        }
    }
}
