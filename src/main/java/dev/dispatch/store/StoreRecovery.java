package dev.dispatch.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.h2.tools.Recover;
import org.h2.util.ScriptReader;

/**
 * {@code dispatch store check} and {@code dispatch store recover}: what is in the store file and whether
 * it is whole, and salvaging what H2's recovery tool can read from a damaged one into a new store. Both
 * need the data dir to themselves (no daemon or session may hold it) and never modify the file they read:
 * check opens it read-only; recover reads it with {@link Recover}, builds the new store beside it, and only
 * then moves the damaged file aside ({@code dispatch.mv.db.damaged-<time>}, kept) and the new one in.
 */
public final class StoreRecovery {
    private static final Pattern COPY =
            Pattern.compile("INSERT INTO \"PUBLIC\"\\.\"([^\"]+)\" SELECT \\* FROM (O_\\d+)", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Rows in one table: found (check) or salvaged (recover); {@code lost} rows were read but could not be stored. */
    public record TableRows(String table, long rows, long lost) {}

    /** What {@link #check} found; {@code problem} is {@code null} when the store is whole. */
    public record CheckResult(
            Path file,
            boolean exists,
            String problem,
            long bytes,
            int schemaVersion,
            long journalLastSeq,
            List<TableRows> tables) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** What {@link #recover} did; {@code keptAs} is where the old file went ({@code null} when there was none). */
    public record RecoverResult(Path file, Path keptAs, Path script, String readProblem, List<TableRows> salvaged) {}

    private StoreRecovery() {}

    /** Checks the store in {@code dataDir} without modifying it. */
    public static CheckResult check(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = H2File.file(dir);
        if (!Files.isDirectory(dir)) return new CheckResult(file, false, null, 0, 0, 0, List.of());
        try (OwnerFile owner = hold(dir, "check")) {
            long bytes = Files.exists(file) ? Files.size(file) : 0;
            try {
                FileCheck.Verdict v = FileCheck.check(file);
                if (!v.exists()) return new CheckResult(file, false, null, 0, 0, 0, List.of());
            } catch (StoreDamagedException e) {
                return new CheckResult(file, true, e.reason(), bytes, 0, 0, List.of());
            }
            try (Connection c = DriverManager.getConnection(H2File.url(dir) + ";ACCESS_MODE_DATA=r", "dispatch", "")) {
                List<TableRows> tables = new ArrayList<>();
                for (String t : tables(c)) tables.add(new TableRows(t, scan(c, t), 0));
                if (tables.stream().noneMatch(t -> t.table().equals("SCHEMA_VERSION"))) {
                    return new CheckResult(file, true, "it holds no dispatch tables", bytes, 0, 0, tables);
                }
                int version = (int) single(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
                long last = tables.stream().anyMatch(t -> t.table().equals("JOURNAL"))
                        ? single(c, "SELECT COALESCE(MAX(seq), 0) FROM journal")
                        : 0;
                return new CheckResult(file, true, null, bytes, version, last, tables);
            } catch (SQLException | RuntimeException e) {
                if (FileCheck.diskFull(e)) throw new DiskFullException(dir, e);
                return new CheckResult(file, true, FileCheck.reason(e), bytes, 0, 0, List.of());
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Salvages the store in {@code dataDir} into a new one: 1) H2's recovery tool writes what it can read as
     * SQL, 2) that script runs in a scratch in-memory database, 3) a new store (current schema) is built
     * beside the old one and every readable row is copied in, one by one, 4) the old file moves aside and the
     * new one takes its place.
     */
    public static RecoverResult recover(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = H2File.file(dir);
        if (!Files.isDirectory(dir)) throw new StoreException("no data dir at " + dir + ": nothing to recover");
        try (OwnerFile owner = hold(dir, "recover")) {
            if (!Files.exists(file)) {
                StoreSeal.delete(file);
                return new RecoverResult(file, null, null, "there is no store file: nothing to salvage", List.of());
            }
            String stamp = LocalDateTime.now().format(STAMP);
            Path keptAs = file.resolveSibling(file.getFileName() + ".damaged-" + stamp);
            Path script = file.resolveSibling(file.getFileName() + ".damaged-" + stamp + ".sql");
            String problem = dump(dir, script);
            Path fresh = dir.resolve(".recover-" + stamp);
            List<TableRows> salvaged = rebuild(script, fresh);
            if (problem == null && salvaged.stream().mapToLong(TableRows::rows).sum() == 0) {
                problem = "H2's recovery tool found no readable rows in it";
            }
            // 4) swap: the damaged file is moved, never rewritten; the new store's seal comes with it
            Files.move(file, keptAs, StandardCopyOption.ATOMIC_MOVE);
            Files.move(H2File.file(fresh), file, StandardCopyOption.ATOMIC_MOVE);
            Path freshSeal = StoreSeal.pathFor(H2File.file(fresh));
            if (Files.exists(freshSeal)) {
                Files.move(
                        freshSeal,
                        StoreSeal.pathFor(file),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                StoreSeal.delete(file);
            }
            deleteTree(fresh);
            return new RecoverResult(file, keptAs, Files.exists(script) ? script : null, problem, salvaged);
        } catch (IOException e) {
            throw FileCheck.failure("store recover failed (the store file is where it was)", e, dir);
        }
    }

    private static OwnerFile hold(Path dir, String what) {
        try {
            return OwnerFile.acquire(dir, StoreOptions.oneShot().withWait(Duration.ZERO));
        } catch (StoreBusyException e) {
            throw new StoreBusyException(
                    dir,
                    null,
                    "'dispatch store " + what + "' needs the data dir to itself (" + e.getMessage()
                            + "); stop the daemon or session first");
        }
    }

    /** 1) H2's recovery tool: the file's readable content as SQL, at {@code script}. Returns its complaint, if any. */
    private static String dump(Path dir, Path script) throws IOException {
        Recover tool = new Recover();
        tool.setOut(new PrintStream(OutputStream.nullOutputStream()));
        String problem = null;
        try {
            tool.runTool("-dir", dir.toString(), "-db", H2File.DB_NAME);
        } catch (SQLException | RuntimeException e) {
            problem = "H2's recovery tool could not read it: " + FileCheck.reason(e);
        }
        Files.deleteIfExists(dir.resolve(H2File.DB_NAME + ".mv.txt"));
        Path out = dir.resolve(H2File.DB_NAME + ".h2.sql");
        if (Files.exists(out)) Files.move(out, script, StandardCopyOption.REPLACE_EXISTING);
        return problem;
    }

    /** 2) and 3): the script into a scratch database, then row by row into a new store in {@code fresh}. */
    private static List<TableRows> rebuild(Path script, Path fresh) throws IOException {
        deleteTree(fresh);
        String scratchUrl = "jdbc:h2:mem:recover_" + System.nanoTime() + ";DB_CLOSE_DELAY=0";
        try (Connection scratch = DriverManager.getConnection(scratchUrl, "dispatch", "")) {
            Map<String, String> sources = Files.exists(script) ? runScript(scratch, script) : Map.of();
            try (Store store = Store.open(fresh, StoreOptions.oneShot().withWait(Duration.ZERO))) {
                List<TableRows> out = new ArrayList<>();
                List<String> tables = store.read(StoreRecovery::tables);
                for (String table : tables) {
                    String source = sources.get(table);
                    if (table.equals("SCHEMA_VERSION")) continue; // the new store has the current schema
                    out.add(source == null ? new TableRows(table, 0, 0) : copy(scratch, source, store, table));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot build the recovered store: " + e.getMessage(), e);
        }
    }

    /** Runs the recovery script, keeping the raw row tables; returns table name → its raw rows table. */
    private static Map<String, String> runScript(Connection scratch, Path script) throws IOException, SQLException {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(script, StandardCharsets.UTF_8);
                Statement st = scratch.createStatement()) {
            ScriptReader sr = new ScriptReader(r);
            for (String sql; (sql = sr.readStatement()) != null; ) {
                String s = sql.strip();
                if (s.regionMatches(true, 0, "DROP TABLE O_", 0, 13)) continue; // keep every salvaged row
                Matcher m = COPY.matcher(s);
                if (m.find()) sources.put(m.group(1).toUpperCase(java.util.Locale.ROOT), m.group(2));
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    // a statement about a damaged part: the rest of the script still salvages what it can
                }
            }
        }
        return sources;
    }

    /** Copies every row of {@code source} that the new table accepts; counts the ones it refuses. */
    private static TableRows copy(Connection scratch, String source, Store store, String table) throws SQLException {
        List<String> columns = store.read(c -> columns(c, table));
        long[] counts = new long[2];
        try (Statement st = scratch.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + source)) {
            int n = Math.min(columns.size(), rs.getMetaData().getColumnCount());
            String insert = "INSERT INTO \"" + table + "\"("
                    + String.join(
                            ", ",
                            columns.subList(0, n).stream()
                                    .map(c -> "\"" + c + "\"")
                                    .toList()) + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(n, "?"))
                    + ")";
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
                rows.add(row);
            }
            store.write(c -> {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (Object[] row : rows) {
                        for (int i = 0; i < n; i++) ps.setObject(i + 1, row[i]);
                        try {
                            ps.executeUpdate();
                            counts[0]++;
                        } catch (SQLException e) {
                            counts[1]++; // a duplicate or unreadable value: H2 undoes just this statement
                        }
                    }
                }
                restartIdentities(c, table);
                return null;
            });
        }
        return new TableRows(table, counts[0], counts[1]);
    }

    /** Identity columns continue after the highest salvaged value, so new rows never reuse a number. */
    private static void restartIdentities(Connection c, String table) throws SQLException {
        List<String> identities = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? AND IS_IDENTITY = 'YES'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) identities.add(rs.getString(1));
            }
        }
        for (String col : identities) {
            long next = single(c, "SELECT COALESCE(MAX(\"" + col + "\"), 0) + 1 FROM \"" + table + "\"");
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE \"" + table + "\" ALTER COLUMN \"" + col + "\" RESTART WITH " + next);
            }
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT TABLE_NAME FROM"
                                + " INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Reads every row and column of {@code table}, so a damaged page anywhere in it is hit; returns the count. */
    private static long scan(Connection c, String table) throws SQLException {
        long n = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= cols; i++) rs.getObject(i);
                n++;
            }
        }
        return n;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
