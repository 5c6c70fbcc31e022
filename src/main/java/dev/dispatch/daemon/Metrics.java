package dev.dispatch.daemon;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The daemon's counters, rendered in the Prometheus text format at {@code /metrics}: request counts
 * and latency histograms by route template, journal events by type (claims, completions, lease
 * expiries and dead tasks are those events), SSE clients, and gauges registered by the engine side.
 */
final class Metrics {
    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final Map<String, RouteStats> routes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> events = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private volatile QueueMetrics queues;
    final LongAdder sseDropped = new LongAdder();

    private record Gauge(String help, LongSupplier value) {}

    private static final class RouteStats {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final LongAdder micros = new LongAdder();

        RouteStats() {
            for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
        }
    }

    void observe(String route, int status, long nanos) {
        RouteStats s = routes.computeIfAbsent(route, r -> new RouteStats());
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) s.buckets[i].increment();
        s.count.increment();
        s.micros.add(nanos / 1000);
        requests.computeIfAbsent(
                        label("route", route) + "," + label("status", String.valueOf(status)), k -> new LongAdder())
                .increment();
    }

    void event(String type, String space) {
        events.computeIfAbsent(type, t -> new LongAdder()).increment();
        QueueMetrics q = queues;
        if (q != null) q.event(type, space);
    }

    /** Adds the coordination metrics (queue depth and task counters) to the scrape. */
    void queues(QueueMetrics q) {
        this.queues = q;
    }

    void gauge(String name, String help, LongSupplier value) {
        gauges.put(name, new Gauge(help, value));
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        for (var g : new TreeMap<>(gauges).entrySet()) {
            out.append("# HELP ")
                    .append(g.getKey())
                    .append(' ')
                    .append(g.getValue().help())
                    .append('\n');
            out.append("# TYPE ").append(g.getKey()).append(" gauge\n");
            out.append(g.getKey())
                    .append(' ')
                    .append(g.getValue().value().getAsLong())
                    .append('\n');
        }
        out.append("# HELP dispatch_sse_dropped_total SSE clients disconnected because they could not keep up.\n");
        out.append("# TYPE dispatch_sse_dropped_total counter\n");
        out.append("dispatch_sse_dropped_total ").append(sseDropped.sum()).append('\n');
        out.append("# HELP dispatch_events_total Journal events committed while this daemon ran, by type.\n");
        out.append("# TYPE dispatch_events_total counter\n");
        for (var e : new TreeMap<>(events).entrySet()) {
            out.append("dispatch_events_total{")
                    .append(label("type", e.getKey()))
                    .append("} ")
                    .append(e.getValue().sum())
                    .append('\n');
        }
        QueueMetrics q = queues;
        if (q != null) q.render(out);
        out.append("# HELP dispatch_http_requests_total HTTP requests by route template and status.\n");
        out.append("# TYPE dispatch_http_requests_total counter\n");
        for (var e : new TreeMap<>(requests).entrySet()) {
            out.append("dispatch_http_requests_total{")
                    .append(e.getKey())
                    .append("} ")
                    .append(e.getValue().sum())
                    .append('\n');
        }
        out.append("# HELP dispatch_http_request_duration_seconds Request latency by route template.\n");
        out.append("# TYPE dispatch_http_request_duration_seconds histogram\n");
        for (var e : new TreeMap<>(routes).entrySet()) histogram(out, e.getKey(), e.getValue());
        return out.toString();
    }

    private static void histogram(StringBuilder out, String route, RouteStats s) {
        String name = "dispatch_http_request_duration_seconds";
        String r = label("route", route);
        for (int i = 0; i < BUCKETS.length; i++) {
            out.append(name)
                    .append("_bucket{")
                    .append(r)
                    .append(",le=\"")
                    .append(BUCKETS[i])
                    .append("\"} ")
                    .append(s.buckets[i].sum())
                    .append('\n');
        }
        long count = s.count.sum();
        out.append(name)
                .append("_bucket{")
                .append(r)
                .append(",le=\"+Inf\"} ")
                .append(count)
                .append('\n');
        out.append(name)
                .append("_sum{")
                .append(r)
                .append("} ")
                .append(s.micros.sum() / 1e6)
                .append('\n');
        out.append(name).append("_count{").append(r).append("} ").append(count).append('\n');
    }

    private static String label(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
