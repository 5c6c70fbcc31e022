package dev.dispatch.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the numbered SQL scripts listed in {@code migrations/index.txt} (no classpath scanning, so
 * native images need no extra config). Each package that owns tables adds its own script; numbers
 * are reserved by range: 001–009 store, 010–019 coord, 020–029 session, 030–039 budgets.
 */
final class Migrations {
    private static final String BASE = "/dev/dispatch/store/migrations/";

    private Migrations() {}

    /**
     * Brings the schema up to date: two cheap queries when it already is (the one-shot path), the missing
     * scripts in order when it is behind, and a clear error when the file is newer than this program.
     */
    static void ensure(Connection c) throws SQLException {
        List<String> names = index();
        int latest = names.stream().mapToInt(Migrations::version).max().orElse(0);
        lockIfShared(c);
        // asking the catalogue first keeps a fresh store from logging a "table not found" to its trace file
        Set<Integer> applied = hasVersionTable(c) ? appliedVersions(c) : Set.of();
        c.commit();
        int current = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (current > latest) {
            throw new StoreException("the store has schema version " + current + " but this dispatch knows only up to "
                    + latest + ": upgrade dispatch (the data was written by a newer version)");
        }
        // by set, not by maximum: a script numbered below one already applied (ranges per package) still runs
        if (applied.size() < names.size()) apply(c);
    }

    /**
     * On PostgreSQL several daemons may start at once: each checks and applies the scripts holding one
     * advisory lock until its transaction ends (DDL is transactional there), so a script runs once.
     */
    private static void lockIfShared(Connection c) throws SQLException {
        if (Dialect.of(c) != Dialect.POSTGRES) return;
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + Postgres.MIGRATION_LOCK + ")");
        }
    }

    private static boolean hasVersionTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery(Dialect.of(c).tableExists("schema_version"))) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static int version(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    static void apply(Connection c) throws SQLException {
        lockIfShared(c);
        Dialect dialect = Dialect.of(c);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, name VARCHAR NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP)");
        }
        Set<Integer> applied = appliedVersions(c);
        for (String name : index()) {
            int version = version(name);
            if (applied.contains(version)) continue;
            try (Statement st = c.createStatement()) {
                for (String sql : statements(resource(name))) st.execute(dialect.migration(sql));
                st.execute("INSERT INTO schema_version(version, name) VALUES (" + version + ", '" + name + "')");
            }
        }
        c.commit();
    }

    static Set<Integer> appliedVersions(Connection c) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT version FROM schema_version")) {
            while (rs.next()) out.add(rs.getInt(1));
        }
        return out;
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static List<String> index() {
        List<String> names = new ArrayList<>();
        for (String line : resource("index.txt").split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) names.add(t);
        }
        return names;
    }

    private static String resource(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(BASE + name)) {
            if (in == null) throw new StoreException("missing migration resource " + name);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return String.join("\n", r.lines().toList());
            }
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + name, e);
        }
    }

    /** Splits a script on semicolons that end a line; scripts keep one statement per such line. */
    private static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) continue;
            cur.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String s = cur.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }
}
