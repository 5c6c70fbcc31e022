package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V016 runs on stores that already hold tasks (and later scripts): it must keep every task claimable in
 * order, clear not_before outside backoff, and count held tasks through the new holder column.
 */
class ClaimIndexesMigrationTest {
    @TempDir
    Path dir;

    @Test
    void upgradesAStoreWrittenWithTheOldIndexes() {
        try (Store store = Store.open(dir)) {
            store.write(c -> {
                try (Statement st = c.createStatement()) {
                    // the task table as V011 left it
                    for (String sql : List.of(
                            "DROP INDEX task_ready_queue",
                            "DROP INDEX task_ready_any",
                            "DROP INDEX task_holder",
                            "DROP INDEX task_lease",
                            "DROP INDEX task_backoff",
                            "ALTER TABLE task DROP COLUMN is_ready",
                            "ALTER TABLE task DROP COLUMN holder",
                            "CREATE INDEX task_next_queue ON task(space, status, queue, priority DESC, seq)",
                            "CREATE INDEX task_next_any ON task(space, status, priority DESC, seq)",
                            "CREATE INDEX task_lease ON task(status, lease_expires_at)",
                            "CREATE INDEX task_backoff ON task(status, not_before)",
                            "CREATE INDEX task_assignee ON task(space, assignee, status)",
                            "DELETE FROM schema_version WHERE version = 16")) {
                        st.execute(sql);
                    }
                    String cols =
                            "INSERT INTO task(id, space, title, queue, priority, capabilities, status, assignee, attempt,"
                                    + " max_attempts, lease_seconds, lease, lease_expires_at, not_before, created_at, version) VALUES ";
                    // a task retried after a backoff kept its old not_before; one held by w1 with a live lease
                    st.execute(
                            cols
                                    + "('task_old', 'proj', 'old', 'default', 1, '', 'ready', NULL, 1, 3, 60, NULL, NULL, 5, 1, 2)");
                    st.execute(
                            cols
                                    + "('task_new', 'proj', 'new', 'default', 7, '', 'ready', NULL, 0, 3, 60, NULL, NULL, NULL, 2, 0)");
                    st.execute(
                            cols + "('task_held', 'proj', 'held', 'default', 9, '', 'claimed', 'w1', 1, 3, 60, 'lse_x',"
                                    + " 9999999999999, NULL, 3, 1)");
                }
                return null;
            });
        }
        try (Store store = Store.open(dir)) {
            List<String> rows = store.read(c -> {
                List<String> out = new ArrayList<>();
                try (Statement st = c.createStatement();
                        ResultSet rs =
                                st.executeQuery("SELECT id, not_before, is_ready, holder FROM task ORDER BY id")) {
                    while (rs.next())
                        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3) + " "
                                + rs.getString(4));
                }
                return out;
            });
            assertThat(rows)
                    .containsExactly("task_held null false w1", "task_new null true null", "task_old null true null");

            CoordFixture.TestClock clock = new CoordFixture.TestClock();
            Coord coord =
                    new Coord(store, new Bus<Event>(), Coord.Settings.defaults().withClock(clock));
            coord.agents().register(new AgentOps.RegisterAgent("proj", "w1", List.of(), null, null, 2, 30));
            coord.agents().register(new AgentOps.RegisterAgent("proj", "w2", List.of(), null, null, 2, 30));
            assertThat(coord.agents()
                            .list(new AgentOps.ListRegisteredAgents("proj"))
                            .agents())
                    .extracting(AgentOps.AgentView::name, AgentOps.AgentView::running)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("w1", 1), org.assertj.core.groups.Tuple.tuple("w2", 0));
            assertThat(coord.claims()
                            .next(new TaskOps.ClaimNextTask("proj", "w2", null))
                            .task()
                            .id())
                    .isEqualTo("task_new");
            assertThat(coord.claims()
                            .next(new TaskOps.ClaimNextTask("proj", "w2", null))
                            .task()
                            .id())
                    .isEqualTo("task_old");
        }
    }
}
