package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.Journal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY.md "Queues, leases, locks, events": one winner per claim, one task per key, journal order. */
class ClaimConcurrencyTest {
    @TempDir
    Path dir;

    CoordFixture f;

    @BeforeEach
    void open() {
        f = new CoordFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    @Tag("slow")
    void thirtyTwoClaimersTakeTenThousandTasksExactlyOnceInPriorityOrder() throws Exception {
        // on PostgreSQL every statement is a round trip to the server: 2,000 tasks prove the same there (one
        // winner each, priority order in the journal) in a fifth of the CI time (CoordOnPostgresTest)
        int tasks = dev.dispatch.store.TestStores.postgres() ? 2_000 : 10_000;
        int claimers = 32;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tasks; i++)
            ids.add(f.add("t" + i, null, i % 3, null, null).task().id());
        for (int i = 0; i < claimers; i++) f.agent("w" + i);

        ConcurrentHashMap<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        List<String> claimOrder = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < claimers; w++) {
            String agent = "w" + w;
            futures.add(pool.submit(() -> {
                start.await();
                while (true) {
                    TaskOps.ClaimResult c;
                    try {
                        c = f.next(agent);
                    } catch (EngineException e) {
                        if (e.code() == ErrorCode.NOTHING_TO_DO) return null;
                        throw e;
                    }
                    claimOrder.add(c.task().id());
                    if (claimedBy.putIfAbsent(c.task().id(), agent) != null) doubles.incrementAndGet();
                    f.complete(c);
                }
            }));
        }
        start.countDown();
        for (Future<?> fu : futures) fu.get();
        pool.shutdown();

        assertThat(doubles.get()).isZero();
        assertThat(claimedBy.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(f.coord
                        .tasks()
                        .list(new TaskOps.ListTasks(CoordFixture.SPACE, TaskOps.Status.done, null, null, 10_000))
                        .tasks())
                .hasSize(tasks);
        // the claim order is the commit order, which the journal's sequence records (the order in which the
        // test's threads got their answers back is not: two of them can swap after their claims commit)
        java.util.Map<String, Integer> priorityOf = new java.util.HashMap<>();
        f.coord
                .tasks()
                .list(new TaskOps.ListTasks(CoordFixture.SPACE, null, null, null, 10_000))
                .tasks()
                .forEach(t -> priorityOf.put(t.id(), t.priority()));
        List<String> committed = f.store.read(c -> dev.dispatch.store.Journal.after(c, 0, 1_000_000)).stream()
                .filter(e -> e.type().equals("TaskClaimed"))
                .map(e -> {
                    try {
                        return dev.dispatch.protocol.Json.mapper()
                                .readTree(e.data())
                                .path("id")
                                .asText();
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                })
                .toList();
        assertThat(committed).containsExactlyInAnyOrderElementsOf(claimOrder);
        List<Integer> priorities = committed.stream().map(priorityOf::get).toList();
        assertThat(priorities.subList(0, tasks / 3)).containsOnly(2);
        assertThat(priorities.get(tasks - 1)).isZero();
    }

    @Test
    void hundredConcurrentEnqueuesWithOneKeyMakeOneTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TaskOps.AddResult>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return f.add("same", null, 0, null, "deploy-42");
            }));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<TaskOps.AddResult> fu : futures) {
            ids.add(fu.get().task().id());
            if (fu.get().created()) created++;
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(f.coord
                        .tasks()
                        .list(new TaskOps.ListTasks(CoordFixture.SPACE, null, null, null, 1000))
                        .tasks())
                .hasSize(1);
    }

    @Test
    void journalIsInCommitOrderWithoutGapsUnderConcurrentWriters() throws Exception {
        f.agent("w");
        long before = f.newestSeq();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) f.add("t" + thread + "-" + i, null, 0, null, null);
                return null;
            }));
        }
        for (Future<?> fu : futures) fu.get();
        pool.shutdown();
        List<Journal.Entry> entries = f.store.read(c -> Journal.after(c, before, 10_000));
        assertThat(entries).hasSize(400);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).seq()).isEqualTo(entries.get(i - 1).seq() + 1);
            assertThat(entries.get(i).at()).isAfterOrEqualTo(entries.get(i - 1).at());
        }
        // each event names a task that exists, and per writer thread the titles appear in the order written
        for (int t = 0; t < 8; t++) {
            String prefix = "\"title\":\"t" + t + "-";
            List<Integer> order = entries.stream()
                    .map(Journal.Entry::data)
                    .filter(d -> d.contains(prefix))
                    .map(d -> Integer.parseInt(
                            d.substring(d.indexOf(prefix) + prefix.length()).split("\"")[0]))
                    .toList();
            assertThat(order).isSorted().hasSize(50);
        }
    }
}
