package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * Keeps {@code dispatch.mv.db} bounded. H2 appends a new chunk per commit and keeps dead chunks for
 * the retention time; under sustained group commits that is most of the file. The settings here (and
 * the figures behind them) are in bench/README.md: a short retention lets dead chunks be reused,
 * H2's background thread (alive because WRITE_DELAY &gt; 0) rewrites sparse chunks, and the writer
 * compacts a little more whenever writes pause.
 */
final class FileTidy {
    /**
     * 0: H2 writes each commit before {@code commit()} returns, on the committing (writer) thread, and
     * runs no background thread. With a background thread (WRITE_DELAY &gt; 0) a later CHECKPOINT can be
     * skipped while that thread is storing, and the kill -9 test lost acknowledged rows.
     */
    static final int WRITE_DELAY_MILLIS = 0;
    /** How long dead chunks are kept before their space is reused; see the class header of {@link Store}. */
    static final int RETENTION_MILLIS = 1_000;
    /** Quiet time after the last write before the writer compacts. */
    static final long IDLE_MILLIS = 2_000;
    private static final int IDLE_COMPACT_MILLIS = 100;
    private static final long TIDY_EVERY_NANOS = 250_000_000;
    private static final int LOAD_COMPACT_MILLIS = 50;

    private final Connection conn;

    FileTidy(Connection conn) {
        this.conn = conn;
    }

    private long lastTidyNanos = System.nanoTime();

    /** Called on the writer thread after each commit: compacts briefly about once per period under load. */
    void afterCommit() {
        long now = System.nanoTime();
        if (now - lastTidyNanos < Long.getLong("tune.tidyEvery", TIDY_EVERY_NANOS)) return;
        lastTidyNanos = now;
        compact(Integer.getInteger("tune.tidyMs", LOAD_COMPACT_MILLIS));
    }

    /** Called on the writer thread when writes pause; never throws (tidying is best effort). */
    void onIdle() {
        compact(IDLE_COMPACT_MILLIS);
    }

    private void compact(int millis) {
        try {
            store().compactFile(millis);
        } catch (RuntimeException | SQLException ignored) {
            // a failed compaction leaves the file larger, never wrong; H2 retries in the background
        }
    }

    /** Called on clean close; H2 itself compacts briefly when the last connection closes. */
    void onClose() {
        onIdle();
    }

    private org.h2.mvstore.db.Store store() throws SQLException {
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore();
    }
}
