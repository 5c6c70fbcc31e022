package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.Journal;
import dev.dispatch.store.PgServer;
import dev.dispatch.store.Store;
import dev.dispatch.store.StoreOptions;
import dev.dispatch.store.StoreUrl;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several daemons on one PostgreSQL database (issue 26). Each "daemon" is an engine's own store (its own
 * writer thread, read pool and journal listener, in its own data dir) and coord services over it, all on
 * one database of a real server; clients are threads, each bound to one daemon.
 */
@Tag("slow")
class ScaleOutTest {
    static final String SPACE = "scale";

    @TempDir
    Path dir;

    final List<Store> stores = new ArrayList<>();

    record Daemon(Store store, Bus<Event> bus, Coord coord) {}

    Daemon daemon(String url, int i) {
        Store s = Store.open(dir.resolve("d" + i), StoreOptions.oneShot().withDatabase(StoreUrl.parse(url)));
        stores.add(s);
        Bus<Event> bus = new Bus<>();
        return new Daemon(s, bus, new Coord(s, bus, Coord.Settings.defaults()));
    }

    @AfterEach
    void close() {
        for (Store s : stores) s.close();
    }

    static TaskOps.AddTask task(String title, int leaseSeconds) {
        return new TaskOps.AddTask(SPACE, title, null, null, 0, null, null, leaseSeconds, null, null, null);
    }

    static void register(Coord c, String name) {
        c.agents().register(new AgentOps.RegisterAgent(SPACE, name, List.of(), null, null, 1000, 30));
    }

    @Test
    void threeDaemonsSixteenClientsCompleteEveryTaskExactlyOnce() throws Exception {
        String url = PgServer.get().freshUrl();
        List<Daemon> ds = List.of(daemon(url, 0), daemon(url, 1), daemon(url, 2));
        int tasks = 2_000;
        int clients = 16;
        for (int i = 0; i < clients; i++) register(ds.get(i % 3).coord(), "w" + i);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        // added through all three daemons at once
        List<Future<?>> adds = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            int from = k;
            adds.add(pool.submit(() -> {
                for (int i = from; i < tasks; i += clients)
                    ds.get(i % 3).coord().tasks().add(task("t" + i, 60));
                return null;
            }));
        }
        for (Future<?> f : adds) f.get();

        ConcurrentHashMap<String, String> completedBy = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        List<Future<?>> runs = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            String agent = "w" + w;
            Coord c = ds.get(w % 3).coord();
            runs.add(pool.submit(() -> {
                while (true) {
                    TaskOps.ClaimResult got;
                    try {
                        got = c.claims().next(new TaskOps.ClaimNextTask(SPACE, agent, null));
                    } catch (EngineException e) {
                        if (e.code() == ErrorCode.NOTHING_TO_DO) return null;
                        throw e;
                    }
                    c.claims()
                            .complete(new TaskOps.CompleteTask(SPACE, got.task().id(), got.lease(), agent));
                    if (completedBy.putIfAbsent(got.task().id(), agent) != null) doubles.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : runs) f.get();
        pool.shutdown();

        assertThat(doubles.get()).isZero();
        assertThat(completedBy).hasSize(tasks);
        // the database agrees: every task done, each claimed once and completed once
        long[] counts = ds.get(0).store().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT"
                            + " (SELECT COUNT(*) FROM task WHERE status = 'done'),"
                            + " (SELECT COUNT(*) FROM task_history WHERE kind = 'claimed'),"
                            + " (SELECT COUNT(*) FROM task_history WHERE kind = 'completed'),"
                            + " (SELECT COUNT(DISTINCT task_id) FROM task_history WHERE kind = 'completed')");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            }
        });
        assertThat(counts).containsExactly(tasks, tasks, tasks, tasks);
    }

    @Test
    void aDaemonThatDiesHoldingLeasesHasItsTasksFinishedByTheOthers() throws Exception {
        String url = PgServer.get().freshUrl();
        Daemon a = daemon(url, 0);
        Daemon b = daemon(url, 1);
        Daemon dying = daemon(url, 2);
        register(a.coord(), "wa");
        register(b.coord(), "wb");
        register(dying.coord(), "wd");
        int tasks = 60;
        for (int i = 0; i < tasks; i++) a.coord().tasks().add(task("t" + i, 1));
        // the dying daemon's client claims ten, then the daemon is gone (store closed, nothing completed)
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 10; i++)
            held.add(dying.coord()
                    .claims()
                    .next(new TaskOps.ClaimNextTask(SPACE, "wd", null))
                    .task()
                    .id());
        dying.store().close();

        Set<String> done = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (done.size() < tasks && System.nanoTime() < deadline) {
            for (Daemon d : List.of(a, b)) {
                String agent = d == a ? "wa" : "wb";
                try {
                    TaskOps.ClaimResult got = d.coord().claims().next(new TaskOps.ClaimNextTask(SPACE, agent, null));
                    d.coord()
                            .claims()
                            .complete(new TaskOps.CompleteTask(SPACE, got.task().id(), got.lease(), "ok"));
                    assertThat(done.add(got.task().id()))
                            .as("completed twice: " + got.task().id())
                            .isTrue();
                } catch (EngineException e) {
                    if (e.code() != ErrorCode.NOTHING_TO_DO) throw e;
                    Thread.sleep(100); // the dead daemon's leases run out after a second
                }
            }
        }
        assertThat(done).hasSize(tasks).containsAll(held);
    }

    @Test
    void aStreamOnDaemonASeesEveryEventCommittedThroughDaemonBInOrder() throws Exception {
        String url = PgServer.get().freshUrl();
        Daemon a = daemon(url, 0);
        Daemon b = daemon(url, 1);
        Daemon c = daemon(url, 2);
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Long> busSeen = new CopyOnWriteArrayList<>();
        a.bus().subscribe(e -> e instanceof JournalEvent, e -> busSeen.add(e.seq()));
        try (var sub = a.coord().subscribe(EventFilter.live(), e -> {
            if (e instanceof JournalEvent j) seen.add(j.seq());
        })) {
            AtomicBoolean failed = new AtomicBoolean();
            Thread tb = Thread.ofPlatform().start(() -> {
                try {
                    register(b.coord(), "wb");
                    for (int i = 0; i < 150; i++) b.coord().tasks().add(task("b" + i, 60));
                } catch (RuntimeException e) {
                    failed.set(true);
                }
            });
            Thread tc = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 150; i++) c.coord().tasks().add(task("c" + i, 60));
                } catch (RuntimeException e) {
                    failed.set(true);
                }
            });
            tb.join();
            tc.join();
            assertThat(failed).isFalse();
            List<Long> journal = b.store().read(conn -> Journal.after(conn, 0, 10_000)).stream()
                    .map(Journal.Entry::seq)
                    .toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((seen.size() < journal.size() || busSeen.size() < journal.size()) && System.nanoTime() < deadline)
                Thread.sleep(20);
            // every event, in journal order, none twice: on A's stream and on A's bus (from LISTEN/NOTIFY)
            assertThat(seen).containsExactlyElementsOf(journal);
            assertThat(busSeen).containsExactlyElementsOf(journal);
        }
    }

    @Test
    void restartingPostgresMidRunLosesNoAcknowledgedWrite() throws Exception {
        PgServer server = PgServer.get();
        String url = server.freshUrl();
        server.checkpoint(); // the crash below replays only this test's writes
        List<Daemon> ds = List.of(daemon(url, 0), daemon(url, 1));
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Coord c = ds.get(w % 2).coord();
            int n = w;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        acked.add(c.tasks()
                                .add(task("w" + n + "-" + i, 60))
                                .task()
                                .id());
                    } catch (RuntimeException e) {
                        refused.incrementAndGet(); // not acknowledged: may or may not be kept
                    }
                }
            }));
        }
        // acknowledged writes before the crash (waited for, not slept: a loaded machine may take seconds)
        awaitMore(acked, 20);
        int before = acked.size();
        server.stop(true); // a crash: no checkpoint, recovery from the WAL
        Thread.sleep(500);
        server.start();
        awaitMore(acked, acked.size() + 20);
        stop.set(true);
        for (Thread t : writers) t.join();

        assertThat(before).isPositive();
        assertThat(acked.size()).as("writes resumed after the restart").isGreaterThan(before);
        Set<String> stored = ConcurrentHashMap.newKeySet();
        ds.get(1).store().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM task");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) stored.add(rs.getString(1));
            }
            return null;
        });
        assertThat(stored).containsAll(acked);
    }

    /** Waits (up to two minutes) until {@code acked} holds at least {@code n} ids. */
    private static void awaitMore(Set<String> acked, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (acked.size() < n && System.nanoTime() < deadline) Thread.sleep(20);
    }
}
