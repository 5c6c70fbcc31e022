package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real PostgreSQL server: schema applied once, writes acknowledged after commit, journal order. */
class PgStoreTest {
    @TempDir
    Path dir;

    @Test
    void migratesOnceAndJournalsInOrder() {
        String url = PgServer.get().freshUrl();
        StoreOptions opts = StoreOptions.oneShot().withDatabase(StoreUrl.parse(url));
        try (Store s = Store.open(dir.resolve("a"), opts)) {
            assertThat(s.dialect()).isEqualTo(Dialect.POSTGRES);
            long a = s.write(c -> Journal.append(c, "sp", "T", null, "{}", Instant.now()));
            long b = s.write(c -> Journal.append(c, "sp", "T", null, "{}", Instant.now()));
            assertThat(b).isGreaterThan(a);
        }
        // a second opener (another daemon) finds the schema and the rows
        try (Store s = Store.open(dir.resolve("b"), opts)) {
            java.util.List<Journal.Entry> rows = s.read(c -> Journal.after(c, 0, 10));
            assertThat(rows).hasSize(2);
            int versions = s.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM schema_version");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(versions).isEqualTo(Migrations.index().size());
        }
    }

    /**
     * A batch's works each roll back to their own savepoint (on PostgreSQL a named one, set in the round trip
     * that opens the batch for the first work): writers racing in one batch, every third failing after it
     * wrote, leave exactly the others' rows.
     */
    @Test
    void aFailedWorkInABatchLeavesOnlyItsNeighboursRows() throws Exception {
        String url = PgServer.get().freshUrl();
        try (Store s = Store.open(dir, StoreOptions.oneShot().withDatabase(StoreUrl.parse(url)))) {
            int n = 60;
            var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
            var start = new java.util.concurrent.CountDownLatch(1);
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Long>>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return s.write(c -> {
                        long seq = Journal.append(c, "sp", "W" + k, null, "{}", Instant.now());
                        if (k % 3 == 0) throw new IllegalStateException("work " + k + " fails after writing");
                        return seq;
                    });
                }));
            }
            start.countDown();
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                try {
                    futures.get(i).get();
                    kept.add("W" + i);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).hasMessageContaining("fails after writing");
                    assertThat(i % 3).isZero();
                }
            }
            pool.shutdown();
            assertThat(kept).hasSize(n - n / 3);
            java.util.List<String> types = s.read(c -> Journal.after(c, 0, 1_000)).stream()
                    .map(Journal.Entry::type)
                    .toList();
            assertThat(types).containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    /** {@code dispatch store check} on PostgreSQL: nothing yet, then the schema, rows and journal; a newer schema is named. */
    @Test
    void contentsReportSchemaRowsAndJournalAndANewerSchema() throws Exception {
        String url = PgServer.get().freshUrl();
        StoreUrl u = StoreUrl.parse(url);
        DatabaseCheck.Contents empty = DatabaseCheck.contents(u);
        assertThat(empty.schemaVersion()).isZero();
        assertThat(empty.problem()).isNull();
        assertThat(empty.url()).doesNotContain("@@");
        try (Store s = Store.open(dir, StoreOptions.oneShot().withDatabase(u))) {
            s.write(c -> Journal.append(c, "sp", "T", null, "{}", Instant.now()));
            s.write(c -> Journal.append(c, "sp", "T", null, "{}", Instant.now()));
        }
        DatabaseCheck.Contents full = DatabaseCheck.contents(u);
        assertThat(full.problem()).isNull();
        assertThat(full.schemaVersion()).isEqualTo(full.knownVersion()).isPositive();
        assertThat(full.journalLast() - full.journalFirst()).isEqualTo(1);
        assertThat(full.tables())
                .filteredOn(t -> t.table().equals("journal"))
                .singleElement()
                .satisfies(t -> assertThat(t.rows()).isEqualTo(2));
        try (var c = java.sql.DriverManager.getConnection(u.jdbc(), u.properties());
                var st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version(version, name) SELECT MAX(version) + 1, 'V999__future'"
                    + " FROM schema_version");
        }
        DatabaseCheck.Contents newer = DatabaseCheck.contents(u);
        assertThat(newer.problem()).contains("newer than this dispatch").contains("upgrade dispatch");
    }
}
