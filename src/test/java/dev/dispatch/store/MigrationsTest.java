package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations are applied by set: a script numbered below the newest applied one still runs. */
class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingLowerNumberedScriptIsAppliedOnTheNextOpen() {
        int version = 2; // V002__journal.sql: below the newest script
        assertThat(Migrations.index()).contains("V002__journal.sql");
        try (Store store = Store.open(dir)) {
            store.write(c -> {
                // as if this store was created before that script existed
                c.createStatement().execute("DROP TABLE journal");
                c.createStatement().execute("DELETE FROM schema_version WHERE version = " + version);
                return null;
            });
            assertThat(store.read(Migrations::appliedVersions)).doesNotContain(version);
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.read(Migrations::appliedVersions))
                    .contains(version)
                    .hasSize(Migrations.index().size());
            assertThat(store.read(Journal::newest)).isZero();
        }
    }
}
