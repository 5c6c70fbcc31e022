package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: each caller gets its own outcome, and sequence numbers follow commit order. */
class StoreWriteTest {
    @TempDir
    Path dir;

    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir, StoreOptions.owner("test", null));
        StoreProcessMain.createTable(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aFailingWorkFailsOnlyItsOwnCallerInASharedBatch() throws Exception {
        StoreProcessMain.insert(store, "taken");
        AtomicInteger ok = new AtomicInteger();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int me = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < 200; n++) {
                    // every tenth write collides with an existing key after inserting a row of its own
                    String id = n % 10 == 0 ? "taken" : me + "-" + n;
                    String side = "side-" + me + "-" + n;
                    try {
                        store.write(c -> {
                            insert(c, side);
                            insert(c, id);
                            return null;
                        });
                        ok.incrementAndGet();
                    } catch (StoreException e) {
                        assertThat(e).hasMessageContaining("write failed");
                        failed.add(me + "-" + n);
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(failed).hasSize(8 * 20);
        assertThat(ok).hasValue(8 * 180);
        List<String> ids = AckedIds.all(store);
        // nothing of a failed work remains, including its first insert
        assertThat(ids).hasSize(1 + 2 * 8 * 180);
        for (String f : failed) assertThat(ids).doesNotContain("side-" + f);
    }

    @Test
    void workResultsComeBackAndRuntimeExceptionsPassThroughUnchanged() {
        Integer answer = store.write(c -> 42);
        assertThat(answer).isEqualTo(42);
        IllegalArgumentException boom = new IllegalArgumentException("bad task id 'x'");
        assertThatThrownBy(() -> store.write(c -> {
                    insert(c, "rolled-back");
                    throw boom;
                }))
                .isSameAs(boom);
        assertThat(AckedIds.all(store)).doesNotContain("rolled-back");
    }

    @Test
    void writingFromInsideAWriteIsAClearErrorNotADeadlock() {
        assertThatThrownBy(() -> store.write(c -> store.write(c2 -> 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use the Connection");
        Integer after = store.write(c -> 2);
        assertThat(after).isEqualTo(2);
    }

    @Test
    void journalReadersResumingAfterASeqNeverMissALaterCommit() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = Thread.ofPlatform().start(() -> {
            long cursor = 0;
            while (true) {
                boolean last = done.get();
                long from = cursor;
                List<Journal.Entry> page = store.read(c -> Journal.after(c, from, 1000));
                for (Journal.Entry e : page) {
                    assertThat(e.seq()).isGreaterThan(cursor);
                    cursor = e.seq();
                    seen.add(e.seq());
                }
                if (last && page.isEmpty()) return;
            }
        });
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int me = t;
            writers.add(Thread.ofPlatform().start(() -> {
                long previous = 0;
                for (int n = 0; n < 300; n++) {
                    long seq =
                            store.write(c -> Journal.append(c, "s", "TaskTouched", "agt_" + me, "{}", Instant.now()));
                    assertThat(seq).isGreaterThan(previous);
                    previous = seq;
                }
            }));
        }
        for (Thread w : writers) w.join();
        done.set(true);
        reader.join();
        Set<Long> all = store.read(c -> {
            Set<Long> s = new TreeSet<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT seq FROM journal")) {
                while (rs.next()) s.add(rs.getLong(1));
            }
            return s;
        });
        assertThat(all).hasSize(1800);
        assertThat(seen).containsExactlyElementsOf(all);
    }

    @Test
    void writesAfterCloseAreRefusedClearlyAndASecondCloseLeavesTheNextHolderAlone() {
        Store old = store;
        old.close();
        assertThatThrownBy(() -> old.write(c -> 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        store = Store.open(dir, StoreOptions.owner("test", null));
        old.close();
        assertThatThrownBy(() -> Store.open(dir, StoreOptions.owner("tui", null)))
                .isInstanceOf(StoreBusyException.class);
    }

    @Test
    void reopeningKeepsDataAndTheSchemaVersion() {
        StoreProcessMain.insert(store, "kept");
        store.close();
        store = Store.open(dir);
        assertThat(AckedIds.all(store)).contains("kept");
        int version = store.read(Migrations::currentVersion);
        List<String> names = Migrations.index();
        assertThat(names.get(names.size() - 1)).startsWith(String.format("V%03d__", version));
    }

    @Test
    void aStoreWrittenByANewerDispatchIsRefusedWithAnUpgradeHint() {
        store.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO schema_version(version, name) VALUES (999, 'V999__future.sql')");
            }
            return null;
        });
        store.close();
        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 999")
                .hasMessageContaining("upgrade dispatch");
        store = Store.open(dir.resolve("fresh"));
    }

    private static void insert(java.sql.Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO acked(id) VALUES (?)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }
}
