package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What {@code dispatch doctor} says about a PostgreSQL store (issue 26): whether it connects, its schema
 * version against the one this dispatch knows, and the round-trip latency (median of a few trivial queries).
 * Reads only; nothing is created or migrated.
 */
public final class DatabaseCheck {
    /** @param schemaVersion 0 when dispatch has not created its tables there yet */
    public record Report(String url, String server, int schemaVersion, int knownVersion, double latencyMs) {}

    private DatabaseCheck() {}

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
            List<String> names = Migrations.index();
            int known = names.stream()
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElse(0);
            return new Report(url.toString(), server, version, known, samples[samples.length / 2] / 1e6);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the PostgreSQL store at " + url + ": " + e.getMessage(), e);
        }
    }
}
