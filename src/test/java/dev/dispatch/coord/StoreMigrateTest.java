package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.Journal;
import dev.dispatch.store.PgServer;
import dev.dispatch.store.Store;
import dev.dispatch.store.StoreCopy;
import dev.dispatch.store.StoreException;
import dev.dispatch.store.StoreOptions;
import dev.dispatch.store.StoreUrl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dispatch store migrate}: an H2 store copied into PostgreSQL, verified, and usable there. */
class StoreMigrateTest {
    @TempDir
    Path dir;

    @Test
    void copiesEveryRowVerifiesAndContinuesTheNumbers() {
        Path h2 = dir.resolve("h2");
        try (Store s = Store.open(h2)) {
            Coord c = new Coord(s, new Bus<>(), Coord.Settings.defaults());
            c.agents().register(new AgentOps.RegisterAgent("p", "w", List.of(), null, null, 1000, 30));
            for (int i = 0; i < 30; i++)
                c.tasks().add(new TaskOps.AddTask("p", "t" + i, "d" + i, null, 0, null, null, 60, null, null, null));
            TaskOps.ClaimResult got = c.claims().next(new TaskOps.ClaimNextTask("p", "w", null));
            c.claims().complete(new TaskOps.CompleteTask("p", got.task().id(), got.lease(), "done"));
        }
        long h2Last;
        try (Store s = Store.open(h2)) {
            h2Last = s.read(Journal::newest);
        }
        StoreUrl url = StoreUrl.parse(PgServer.get().freshUrl());
        StoreCopy.Result r = StoreCopy.copy(h2, url);
        assertThat(r.journalLastId()).isEqualTo(h2Last);
        assertThat(r.rows()).containsEntry("task", 30L).containsEntry("agent", 1L);

        try (Store pg = Store.open(dir.resolve("pg"), StoreOptions.oneShot().withDatabase(url))) {
            Coord c = new Coord(pg, new Bus<>(), Coord.Settings.defaults());
            assertThat(c.tasks()
                            .list(new TaskOps.ListTasks("p", TaskOps.Status.done, null, null, 100))
                            .tasks())
                    .hasSize(1);
            // new numbers continue after the copied ones
            c.tasks().add(new TaskOps.AddTask("p", "after", null, null, 0, null, null, 60, null, null, null));
            assertThat(pg.read(Journal::newest)).isGreaterThan(h2Last);
        }
        // a second migration into the now non-empty database is refused, nothing changed
        assertThatThrownBy(() -> StoreCopy.copy(h2, url))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("already holds data");
    }
}
