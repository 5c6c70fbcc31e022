package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What {@code dispatch doctor} says about a PostgreSQL store (issue 26): whether it connects, its schema
 * version against the one this dispatch knows, and the round-trip latency (median of a few trivial queries);
 * and what {@code dispatch store check} reports there ({@link #contents}). Reads only; nothing is created or
 * migrated, and daemons may keep running (the database, unlike the H2 file, is theirs to share).
 */
public final class DatabaseCheck {
    /** @param schemaVersion 0 when dispatch has not created its tables there yet */
    public record Report(String url, String server, int schemaVersion, int knownVersion, double latencyMs) {}

    /**
     * What {@link #contents} found, as of one snapshot. {@code problem} is {@code null} when the schema is one
     * this dispatch can use; {@code schemaVersion} is 0 when no dispatch tables exist there yet, and
     * {@code journalFirst}/{@code journalLast} are 0 for an empty journal.
     */
    public record Contents(
            String url,
            String problem,
            long bytes,
            int schemaVersion,
            int knownVersion,
            long journalFirst,
            long journalLast,
            List<StoreRecovery.TableRows> tables) {}

    private DatabaseCheck() {}

    /**
     * {@code dispatch store check} on PostgreSQL: the schema version against this dispatch's, rows per table
     * and the journal's first and last id, all read in one read-only repeatable-read transaction so the
     * figures agree with each other while daemons write. There is no file to be damaged: PostgreSQL keeps
     * its own crash safety (WAL), so the problem it can find is a schema newer than this dispatch.
     *
     * @throws StoreException naming the URL (without password) when it cannot be reached
     */
    public static Contents contents(StoreUrl url) {
        int known = knownVersion();
        try (Connection c = new Postgres(url).connect()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            long bytes = single(c, "SELECT pg_database_size(current_database())");
            if (single(c, Dialect.POSTGRES.tableExists("schema_version")) == 0) {
                c.rollback();
                // like an H2 data dir without a file: nothing yet, created on first use
                return new Contents(url.toString(), null, bytes, 0, known, 0, 0, List.of());
            }
            int version = Migrations.currentVersion(c);
            List<StoreRecovery.TableRows> tables = new java.util.ArrayList<>();
            List<String> names = new java.util.ArrayList<>();
            try (Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                            + " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                while (rs.next()) names.add(rs.getString(1));
            }
            for (String t : names) {
                tables.add(new StoreRecovery.TableRows(t, single(c, "SELECT COUNT(*) FROM \"" + t + "\""), 0));
            }
            long first = single(c, "SELECT COALESCE(MIN(seq), 0) FROM journal");
            long last = single(c, "SELECT COALESCE(MAX(seq), 0) FROM journal");
            c.rollback();
            String problem = version > known
                    ? "its schema version " + version + " is newer than this dispatch's (" + known
                            + "): a newer dispatch migrated it; upgrade dispatch before using it"
                    : null;
            return new Contents(url.toString(), problem, bytes, version, known, first, last, tables);
        } catch (SQLException e) {
            throw new StoreException("cannot read the PostgreSQL store at " + url + ": " + e.getMessage(), e);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int knownVersion() {
        return Migrations.index().stream()
                .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                .max()
                .orElse(0);
    }

    /** @throws StoreException naming the URL (without password) and why it cannot be reached */
    public static Report check(StoreUrl url) {
        Postgres pg = new Postgres(url);
        try (Connection c = pg.connect()) {
            String server = c.getMetaData().getDatabaseProductVersion();
            int version = 0;
            boolean has;
            try (Statement st = c.createStatement();
                    var rs = st.executeQuery(Dialect.POSTGRES.tableExists("schema_version"))) {
                rs.next();
                has = rs.getInt(1) > 0;
            }
            if (has) version = Migrations.currentVersion(c);
            long[] samples = new long[5];
            for (int i = 0; i < samples.length; i++) {
                long t = System.nanoTime();
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
                samples[i] = System.nanoTime() - t;
            }
            c.rollback();
            java.util.Arrays.sort(samples);
            return new Report(url.toString(), server, version, knownVersion(), samples[samples.length / 2] / 1e6);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the PostgreSQL store at " + url + ": " + e.getMessage(), e);
        }
    }
}
