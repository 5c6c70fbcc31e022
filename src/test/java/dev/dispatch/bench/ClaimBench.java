package dev.dispatch.bench;

import dev.dispatch.bus.Bus;
import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.Store;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * claim → complete cycles per second with 8 worker threads in-process, beside the store's raw durable
 * single-row commit rate measured in the same run (their ratio is what the domain logic costs).
 * Usage: ClaimBench [tasks] [threads] [rounds]: each round adds {@code tasks} tasks and runs them all; the
 * first round includes JIT warm-up, later ones run warm on a store that holds the earlier tasks. Zero double
 * claims is checked, not assumed.
 */
public final class ClaimBench {
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("claim-bench");
        try (Store store = Store.open(dir)) {
            double raw = rawCommits(store, Math.max(2_000, tasks / 2));
            Coord coord = new Coord(store, new Bus<Event>(), Coord.Settings.defaults());
            for (int i = 0; i < threads; i++) {
                coord.agents().register(new AgentOps.RegisterAgent("bench", "w" + i, List.of(), null, null, 10, 60));
            }
            System.out.printf("raw durable single-row commits: %.0f/s%n", raw);
            // rounds after the first run warm (JIT done) on a store that holds the earlier rounds' tasks
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < tasks; i++) {
                    coord.tasks()
                            .add(new TaskOps.AddTask(
                                    "bench", "t" + i, null, null, i % 5, null, null, 60, 3, null, null));
                }
                CpuClock cpu = CpuClock.start();
                Set<String> seen = ConcurrentHashMap.newKeySet();
                AtomicInteger doubles = new AtomicInteger();
                Store.RewriteStats rewritesBefore = store.rewriteStats();
                long start = System.nanoTime();
                Thread[] workers = new Thread[threads];
                for (int w = 0; w < threads; w++)
                    workers[w] = Thread.ofPlatform().start(worker(coord, "w" + w, seen, doubles));
                for (Thread t : workers) t.join();
                double cycles = seen.size() / ((System.nanoTime() - start) / 1e9);
                CpuClock.Used used = cpu.stop();
                System.out.printf(
                        "round %d/%d: claim->complete cycles (%d threads, %d tasks): %.0f/s (%d claimed, %d double claims)%n",
                        round, rounds, threads, tasks, cycles, seen.size(), doubles.get());
                System.out.printf("  ratio cycles/raw commits: %.3f (each cycle is 2 durable commits)%n", cycles / raw);
                // CPU per cycle drifts far less with the machine's load than cycles/s does
                System.out.printf(
                        "  cpu per cycle: process %.0f us, store writer thread %.0f us (writer-bound ceiling %.0f cycles/s)%n",
                        used.processNanos() / 1e3 / seen.size(),
                        used.writerNanos() / 1e3 / seen.size(),
                        seen.size() / (used.writerNanos() / 1e9));
                Store.RewriteStats rw = store.rewriteStats();
                System.out.printf(
                        "  store file rewrites during the cycles: %d, reads and writes paused %.0f ms in all; live data %.1f MB%n",
                        rw.count() - rewritesBefore.count(),
                        (rw.pausedNanos() - rewritesBefore.pausedNanos()) / 1e6,
                        rw.liveBytes() / 1e6);
            }
        }
    }

    /** Claims and completes until nothing is left, counting any task it sees twice. */
    private static Runnable worker(Coord coord, String agent, Set<String> seen, AtomicInteger doubles) {
        return () -> {
            while (true) {
                TaskOps.ClaimResult c;
                try {
                    c = coord.claims().next(new TaskOps.ClaimNextTask("bench", agent, null));
                } catch (EngineException e) {
                    return;
                }
                if (!seen.add(c.task().id())) doubles.incrementAndGet();
                coord.claims()
                        .complete(new TaskOps.CompleteTask("bench", c.task().id(), c.lease(), null));
            }
        };
    }

    /** Process and store-writer-thread CPU time over the measured cycles. */
    record CpuClock(long process, long writer, long writerId) {
        record Used(long processNanos, long writerNanos) {}

        static CpuClock start() {
            long id = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("dispatch-store-writer"))
                    .mapToLong(Thread::threadId)
                    .findFirst()
                    .orElse(-1);
            return new CpuClock(processCpu(), writerCpu(id), id);
        }

        Used stop() {
            return new Used(processCpu() - process, writerCpu(writerId) - writer);
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long writerCpu(long id) {
            return id < 0 ? 0 : ManagementFactory.getThreadMXBean().getThreadCpuTime(id);
        }
    }

    /** One-row durable commits in a loop for the baseline. */
    static double rawCommits(Store store, int n) {
        store.write(c ->
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_commit(id INT PRIMARY KEY, v VARCHAR)"));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int id = i;
            store.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_commit VALUES (?, 'x')")) {
                    ps.setInt(1, id);
                    return ps.executeUpdate();
                }
            });
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
