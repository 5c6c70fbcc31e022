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
}
