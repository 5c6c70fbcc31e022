package dev.dispatch.store;

import java.nio.file.Path;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dispatch store migrate --to postgresql://…} (issue 26): copies every row of an H2 store into an
 * empty PostgreSQL database in one transaction, moves its sequences past the copied numbers (journal ids,
 * fencing tokens, message numbers), and verifies the row count of every table and the journal's last id
 * before committing; any mismatch rolls the whole copy back. The H2 file is only read. A target that
 * already holds data is refused, untouched.
 */
public final class StoreCopy {
    /** What was copied: rows per table and the journal's last id, equal on both sides. */
    public record Result(String target, Map<String, Long> rows, long journalLastId, long millis) {}

    /** Tables a migration script fills with a starting row: not data, replaced by the source's rows. */
    private static final java.util.Set<String> SEEDED = java.util.Set.of("session_text_stats", "session_text_backfill");

    private StoreCopy() {}

    /**
     * @throws StoreBusyException a daemon or session holds the H2 store (stop it first)
     * @throws StoreException the target is not empty, cannot be reached, or the verification failed
     */
    public static Result copy(Path h2DataDir, StoreUrl target) {
        long started = System.nanoTime();
        try (Store from = Store.open(h2DataDir, StoreOptions.oneShot().withWait(Duration.ZERO));
                Store to = Store.open(
                        h2DataDir.resolve("migrate-" + ProcessHandle.current().pid()),
                        StoreOptions.oneShot().withDatabase(target))) {
            List<String> tables = from.read(StoreCopy::tables);
            Map<String, Long> rows = to.write(dst -> {
                for (String t : tables) {
                    if (SEEDED.contains(t)) continue;
                    if (count(dst, t) > 0) {
                        throw new StoreException("the target database " + target + " already holds data (table " + t
                                + " has rows); migrate only into an empty database, nothing was changed");
                    }
                }
                for (String t : SEEDED) {
                    try (Statement st = dst.createStatement()) {
                        st.execute("DELETE FROM " + t); // the migration's starting row; the source has its own
                    }
                }
                Map<String, Long> copied = new LinkedHashMap<>();
                for (String t : tables) copied.put(t, from.read(src -> copyTable(src, dst, t)));
                resetSequences(from, dst, tables);
                // verify before the commit: any difference rolls everything back
                Map<String, Long> source = from.read(src -> counts(src, tables));
                for (String t : tables) {
                    long there = count(dst, t);
                    if (there != source.get(t)) {
                        throw new StoreException("verification failed for table " + t + ": " + source.get(t)
                                + " rows in the H2 store, " + there + " in " + target + "; nothing was committed");
                    }
                }
                long srcLast = from.read(Journal::newest);
                long dstLast = Journal.newest(dst);
                if (srcLast != dstLast) {
                    throw new StoreException("verification failed: journal last id " + srcLast + " in the H2 store, "
                            + dstLast + " in " + target + "; nothing was committed");
                }
                return copied;
            });
            long last = to.read(Journal::newest);
            return new Result(target.toString(), rows, last, (System.nanoTime() - started) / 1_000_000);
        } finally {
            deleteQuietly(h2DataDir.resolve("migrate-" + ProcessHandle.current().pid()));
        }
    }

    /** The H2 store's tables (its own schema_version stays behind: the target has applied the same scripts). */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            while (rs.next()) if (!rs.getString(1).equals("schema_version")) out.add(rs.getString(1));
        }
        return out;
    }

    /** Columns that hold data (not generated from others), in order. */
    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT LOWER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND LOWER(TABLE_NAME) = ? AND IS_GENERATED = 'NEVER'"
                + " ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long copyTable(Connection src, Connection dst, String table) throws SQLException {
        List<String> cols = columns(src, table);
        String list = String.join(", ", cols);
        String params = String.join(", ", java.util.Collections.nCopies(cols.size(), "?"));
        long n = 0;
        try (Statement st = src.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + list + " FROM " + table);
                PreparedStatement ins = dst.prepareStatement(
                        "INSERT INTO " + table + "(" + list + ") OVERRIDING SYSTEM VALUE VALUES (" + params + ")")) {
            while (rs.next()) {
                for (int i = 1; i <= cols.size(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Clob clob) v = clob.getSubString(1, (int) clob.length());
                    if (v instanceof java.sql.Blob blob) v = blob.getBytes(1, (int) blob.length());
                    ins.setObject(i, v);
                }
                ins.addBatch();
                if (++n % 1_000 == 0) ins.executeBatch();
            }
            ins.executeBatch();
        }
        return n;
    }

    /** Identity columns continue after the copied ids; the fencing and message sequences after H2's. */
    private static void resetSequences(Store from, Connection dst, List<String> tables) throws SQLException {
        List<String[]> identities = new ArrayList<>();
        try (Statement st = dst.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND is_identity = 'YES'")) {
            while (rs.next()) identities.add(new String[] {rs.getString(1), rs.getString(2)});
        }
        for (String[] id : identities) {
            if (!tables.contains(id[0])) continue;
            try (Statement st = dst.createStatement()) {
                st.execute("SELECT setval(pg_get_serial_sequence('" + id[0] + "', '" + id[1]
                        + "'), COALESCE((SELECT MAX(" + id[1] + ") FROM " + id[0] + "), 0) + 1, false)");
            }
        }
        for (String seq : List.of("lock_fence", "message_seq")) {
            long next = from.read(c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES"
                                + " WHERE LOWER(SEQUENCE_NAME) = '" + seq + "'")) {
                    return rs.next() ? rs.getLong(1) : 1L;
                }
            });
            try (Statement st = dst.createStatement()) {
                st.execute("SELECT setval('" + seq + "', " + Math.max(1, next) + ", false)");
            }
        }
    }

    private static Map<String, Long> counts(Connection c, List<String> tables) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : tables) out.put(t, count(c, t));
        return out;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var all = java.nio.file.Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // only the target's owner file lives there
        }
    }
}
