package dev.dispatch.daemon;

import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordination part of {@code /metrics}: queue depth by space, queue and state (asked of the
 * engine at scrape time, so it is never stale) and task lifecycle counters (claims, completions, lease
 * expiries, dead tasks) counted from the journal events the daemon publishes.
 */
final class QueueMetrics {
    /** Event type → counter name and help. */
    private static final Map<String, String[]> COUNTERS = Map.of(
            "TaskClaimed", new String[] {"dispatch_task_claims_total", "Task claims (one per attempt)."},
            "TaskCompleted", new String[] {"dispatch_task_completions_total", "Tasks completed."},
            "TaskRescued",
                    new String[] {
                        "dispatch_task_lease_expiries_total", "Leases that expired; the task went back to the queue."
                    },
            "TaskDead", new String[] {"dispatch_task_dead_total", "Tasks that used up their attempts (dead)."});

    private final Engine engine;
    private final Set<String> spaces = ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.concurrent.atomic.LongAdder> counts = new ConcurrentHashMap<>();

    QueueMetrics(Engine engine, Set<String> knownSpaces) {
        this.engine = engine;
        this.spaces.addAll(knownSpaces);
        for (String type : COUNTERS.keySet()) counts.put(type, new java.util.concurrent.atomic.LongAdder());
    }

    /** Called by the SSE tailer for every committed event. */
    void event(String type, String space) {
        if (space != null) spaces.add(space);
        var c = counts.get(type);
        if (c != null) c.increment();
    }

    void render(StringBuilder out) {
        for (var e : new java.util.TreeMap<>(COUNTERS).entrySet()) {
            String name = e.getValue()[0];
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(e.getValue()[1])
                    .append('\n');
            out.append("# TYPE ").append(name).append(" counter\n");
            out.append(name).append(' ').append(counts.get(e.getKey()).sum()).append('\n');
        }
        out.append("# HELP dispatch_tasks Tasks by space, queue and state (queue depth).\n");
        out.append("# TYPE dispatch_tasks gauge\n");
        for (String space : new TreeSet<>(spaces)) {
            CoordOps.StatsResult stats;
            try {
                stats = engine.submit(new CoordOps.ShowQueueStats(space));
            } catch (EngineException e) {
                continue; // a space whose name the engine no longer accepts: nothing to report
            }
            for (var q : new java.util.TreeMap<>(stats.queues()).entrySet()) {
                for (var st : new java.util.TreeMap<>(q.getValue()).entrySet()) {
                    out.append("dispatch_tasks{space=\"")
                            .append(Metrics.escape(space))
                            .append("\",queue=\"")
                            .append(Metrics.escape(q.getKey()))
                            .append("\",state=\"")
                            .append(Metrics.escape(st.getKey()))
                            .append("\"} ")
                            .append(st.getValue())
                            .append('\n');
                }
            }
        }
    }
}
