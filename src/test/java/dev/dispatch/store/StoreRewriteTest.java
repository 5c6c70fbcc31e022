package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store bounds its file by rewriting it ({@link FileRewrite}): the data survives every rewrite,
 * identity values never go back, reads running alongside never fail, and what a killed rewrite leaves
 * behind is cleaned up. Thresholds are tiny here so that a few thousand rows cause many rewrites.
 */
class StoreRewriteTest {
    private static final long SMALL = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void aBusyStoreRewritesItsFileAndKeepsEveryRowAndTheOrderOfIds() throws Exception {
        List<Long> ids = new ArrayList<>();
        Store.RewriteStats stats;
        try (Store store = Store.open(dir, StoreOptions.owner("test", null), SMALL, SMALL / 4)) {
            createTable(store);
            for (int i = 0; i < 1_500; i++) {
                ids.add(insert(store, "row " + i));
                if (i % 250 == 249) deleteAllButNewest(store, 100);
            }
            stats = store.rewriteStats();
            assertThat(Files.size(H2File.file(dir))).isLessThan(4 * SMALL + 2 * stats.liveBytes());
            assertThat(count(store)).isEqualTo(100);
        }
        assertThat(stats.count()).as("rewrites while writing").isGreaterThan(3);
        // identity values are handed out in order across rewrites, never reused after a delete
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        try (Store again = Store.open(dir, StoreOptions.owner("test", null), SMALL, SMALL / 4)) {
            assertThat(insert(again, "after reopen")).isGreaterThan(ids.get(ids.size() - 1));
            assertThat(count(again)).isEqualTo(101);
        }
    }

    /**
     * Every read sees at least what was acknowledged before it started. (Not "counts never go back": H2's
     * READ_COMMITTED reads can see a row of a transaction that is committing and then, for one more read,
     * not see it; the probe showed that with no rewrite at all, so it is not this store's doing.)
     */
    @Test
    void readsRunningAlongsideRewritesNeverFailAndSeeEveryAcknowledgedWrite() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.owner("test", null), SMALL, SMALL / 4)) {
            createTable(store);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acked = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        try {
                            long before = acked.get();
                            long n = count(store);
                            if (n < before) failures.add(new AssertionError(before + " acknowledged, a read saw " + n));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (int i = 0; i < 1_000; i++) {
                insert(store, "row " + i);
                acked.incrementAndGet();
            }
            stop.set(true);
            for (Thread t : readers) t.join();
            assertThat(failures).isEmpty();
            assertThat(store.rewriteStats().count()).isGreaterThan(1);
            assertThat(count(store)).isEqualTo(1_000);
        }
    }

    @Test
    void closingReclaimsGarbageAndALeftoverFromAKilledRewriteIsRemoved() throws Exception {
        long beforeClose;
        try (Store store = Store.open(dir, StoreOptions.owner("test", null), Long.MAX_VALUE / 4, SMALL)) {
            createTable(store);
            for (int i = 0; i < 400; i++) insert(store, "row " + i);
            deleteAllButNewest(store, 10);
            beforeClose = Files.size(H2File.file(dir));
            assertThat(store.rewriteStats().count()).isZero();
        }
        long afterClose = Files.size(H2File.file(dir));
        assertThat(afterClose).isLessThan(beforeClose / 2);

        // a rewrite killed half-way leaves its partial copy beside the whole store
        Path leftover = dir.resolve(H2File.DB_NAME + ".mv.db" + FileRewrite.SUFFIX);
        Files.write(leftover, new byte[] {1, 2, 3});
        try (Store store = Store.open(dir, StoreOptions.owner("test", null))) {
            assertThat(leftover).doesNotExist();
            assertThat(count(store)).isEqualTo(10);
        }
    }

    @Test
    void anIdleStoreReclaimsItsGarbageWithoutBeingClosed() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.owner("test", null), Long.MAX_VALUE / 4, SMALL)) {
            createTable(store);
            for (int i = 0; i < 400; i++) insert(store, "row " + i);
            deleteAllButNewest(store, 10);
            long busy = Files.size(H2File.file(dir));
            // the writer offers a rewrite after two quiet seconds; wait for it, bounded
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (store.rewriteStats().count() == 0 && System.nanoTime() < deadline) Thread.sleep(100);
            assertThat(store.rewriteStats().count()).isEqualTo(1);
            assertThat(Files.size(H2File.file(dir))).isLessThan(busy / 2);
            assertThat(count(store)).isEqualTo(10);
            insert(store, "after the rewrite");
            assertThat(count(store)).isEqualTo(11);
        }
    }

    private static void createTable(Store s) {
        s.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(
                        "CREATE TABLE rows(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, body VARCHAR(200))");
            }
            return null;
        });
    }

    private static long insert(Store s, String body) {
        return s.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO rows(body) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, body + " " + "x".repeat(100));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    private static void deleteAllButNewest(Store s, int keep) {
        s.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM rows WHERE id <= (SELECT MAX(id) FROM rows) - ?")) {
                ps.setInt(1, keep);
                return ps.executeUpdate();
            }
        });
    }

    private static long count(Store s) {
        return s.read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM rows")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
