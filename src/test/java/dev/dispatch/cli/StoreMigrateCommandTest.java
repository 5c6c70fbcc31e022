package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.store.PgServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 from the shell, as real {@code dispatch} processes: {@code store migrate --to} copies the H2
 * store into PostgreSQL, commands then run on it with {@code DISPATCH_STORE_URL}, {@code doctor} reports
 * the database, and a bad URL is refused naming it, with nothing changed.
 */
@Tag("slow")
class StoreMigrateCommandTest {
    @TempDir
    Path home;

    @Test
    void migrateThenRunOnPostgresAndDoctorReportsIt() throws Exception {
        String url = PgServer.get().freshUrl();
        for (int i = 0; i < 3; i++) {
            DispatchProcess.Run add = DispatchProcess.run(home, home, Map.of(), "task", "add", "moved " + i);
            assertThat(add.exit()).as(add.err()).isZero();
        }
        DispatchProcess.Run bad =
                DispatchProcess.run(home, home, Map.of(), "store", "migrate", "--to", "mysql://u:pw@h/db");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("mysql").contains("postgresql://USER").doesNotContain("pw@");

        DispatchProcess.Run migrate = DispatchProcess.run(home, home, Map.of(), "store", "migrate", "--to", url);
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("migrated into").contains("task");

        Map<String, String> onPg = Map.of("DISPATCH_STORE_URL", url);
        DispatchProcess.Run add = DispatchProcess.run(home, home, onPg, "task", "add", "new on postgres");
        assertThat(add.exit()).as(add.err()).isZero();
        DispatchProcess.Run list = DispatchProcess.run(home, home, onPg, "task", "list");
        assertThat(list.out()).contains("moved 0").contains("moved 2").contains("new on postgres");
        // the H2 file was only read: it does not have the new task
        DispatchProcess.Run h2 = DispatchProcess.run(home, home, Map.of(), "task", "list");
        assertThat(h2.out()).contains("moved 1").doesNotContain("new on postgres");

        DispatchProcess.Run doctor = DispatchProcess.run(home, home, onPg, "doctor");
        assertThat(doctor.out()).contains("database").contains("schema version").contains("latency");

        // store check reads the database (4 tasks: 3 migrated, 1 added there); recover is H2's and refused
        DispatchProcess.Run check = DispatchProcess.run(home, home, onPg, "store", "check", "--json");
        assertThat(check.exit()).as(check.err()).isZero();
        var json = dev.dispatch.protocol.Json.mapper().readTree(check.out());
        assertThat(json.path("ok").asBoolean()).isTrue();
        assertThat(json.path("file").asText()).startsWith("postgresql://");
        assertThat(json.path("journal_last_seq").asLong()).isPositive();
        assertThat(json.path("schema_version").asInt()).isPositive();
        var taskRows = new java.util.ArrayList<Long>();
        json.path("tables").forEach(t -> {
            if (t.path("table").asText().equals("task"))
                taskRows.add(t.path("rows").asLong());
        });
        assertThat(taskRows).containsExactly(4L);
        DispatchProcess.Run recover = DispatchProcess.run(home, home, onPg, "store", "recover");
        assertThat(recover.exit()).isNotZero();
        assertThat(recover.err()).contains("H2").contains("PostgreSQL").contains("nothing was changed");
        assertThat(DispatchProcess.run(home, home, onPg, "task", "list").out()).contains("new on postgres");
    }
}
