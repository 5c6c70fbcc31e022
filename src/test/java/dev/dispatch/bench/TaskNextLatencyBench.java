package dev.dispatch.bench;

import dev.dispatch.bus.Bus;
import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;

/**
 * {@code task next} latency (claim + complete to put the queue back to the same depth) with a small and
 * a large pending queue. The claim must walk an index, not scan: p50 at 100,000 pending should stay
 * within 2× of p50 at 1,000. Usage: TaskNextLatencyBench [small] [large] [samples].
 */
public final class TaskNextLatencyBench {
    public static void main(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        measure(small, samples); // warm-up: JIT and H2 caches, so the two measured runs start equal
        double[] a = measure(small, samples);
        double[] b = measure(large, samples);
        System.out.printf("task next with %,d pending: p50 %.2f ms, p99 %.2f ms%n", small, a[0], a[1]);
        System.out.printf("task next with %,d pending: p50 %.2f ms, p99 %.2f ms%n", large, b[0], b[1]);
        System.out.printf("ratio p50 large/small: %.2f (target <= 2)%n", b[0] / a[0]);
    }

    /** p50 and p99 in ms of {@code next} over a queue holding {@code pending} ready tasks. */
    static double[] measure(int pending, int samples) throws Exception {
        Path dir = Files.createTempDirectory("next-bench");
        try (Store store = Store.open(dir)) {
            Coord coord = new Coord(store, new Bus<Event>(), Coord.Settings.defaults());
            coord.agents().register(new AgentOps.RegisterAgent("b", "w", List.of(), null, null, 1, 60));
            fill(store, pending);
            double[] ms = new double[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                TaskOps.ClaimResult c = coord.claims().next(new TaskOps.ClaimNextTask("b", "w", null));
                ms[i] = (System.nanoTime() - t0) / 1e6;
                coord.claims().complete(new TaskOps.CompleteTask("b", c.task().id(), c.lease(), null));
            }
            Arrays.sort(ms);
            return new double[] {ms[samples / 2], ms[(int) (samples * 0.99)]};
        }
    }

    /** Bulk-loads ready tasks in large transactions (enqueue speed is not what this measures). */
    static void fill(Store store, int n) {
        int batch = 5_000;
        for (int from = 0; from < n; from += batch) {
            int start = from;
            int end = Math.min(n, from + batch);
            store.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO task(id, space, title, queue, priority,"
                        + " capabilities, status, attempt, max_attempts, lease_seconds, created_at, version)"
                        + " VALUES (?, 'b', ?, 'default', ?, '', 'ready', 0, 3, 60, 0, 0)")) {
                    for (int i = start; i < end; i++) {
                        ps.setString(1, "task_bench" + i);
                        ps.setString(2, "t" + i);
                        ps.setInt(3, i % 10);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }
    }
}
