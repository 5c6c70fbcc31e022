package dev.dispatch.bench;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.protocol.TaskOps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How long after its commit a subscriber receives each kind of coordination event (task, agent, lock,
 * message, knowledge, approval). One op at a time is submitted through {@code writer}; the matching
 * event is awaited on a live subscription of {@code reader} (the same engine in-process, or the daemon's
 * SSE stream through the remote client). Three clocks per sample: from the op being sent (an upper
 * bound: it includes the request and the commit), from the event's own instant (taken in its write
 * transaction, just before the commit; wall clock, millisecond precision) and from the op's answer
 * (after the commit; a delivery before the answer counts as 0). Only engine ops are used, so the same
 * program measures any commit. Used by {@code bench/coord-events.sh} and {@code CoordEventLatencyTest}.
 */
public final class CoordEventLatency {
    /** The kinds of coordination event; each sample awaits one event type of its kind. */
    public enum Kind {
        TASK,
        AGENT,
        LOCK,
        MESSAGE,
        KNOWLEDGE,
        APPROVAL
    }

    /** One kind's samples, in milliseconds. */
    public record Figures(Kind kind, Set<String> types, double[] fromSend, double[] fromEvent, double[] fromAck) {
        public double p99FromSend() {
            return percentile(fromSend, 0.99);
        }

        public double p99FromEvent() {
            return percentile(fromEvent, 0.99);
        }

        public String line() {
            return String.format(
                    "%-9s %-38s n=%d  from send p50 %6.2f p99 %6.2f max %7.2f | from event p50 %6.2f p99 %6.2f"
                            + " | from ack p50 %6.2f p99 %6.2f ms",
                    kind.name().toLowerCase(),
                    String.join("+", types),
                    fromSend.length,
                    percentile(fromSend, 0.5),
                    percentile(fromSend, 0.99),
                    percentile(fromSend, 1.0),
                    percentile(fromEvent, 0.5),
                    percentile(fromEvent, 0.99),
                    percentile(fromAck, 0.5),
                    percentile(fromAck, 0.99));
        }
    }

    private record Received(long nanos, Instant wall, Event event) {}

    private final Engine writer;
    private final String space;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private long lastSeq;

    private CoordEventLatency(Engine writer, String space) {
        this.writer = writer;
        this.space = space;
    }

    /** Runs {@code n} samples of every kind in a fresh {@code space}; fails if an event does not come in 10 s. */
    public static Map<Kind, Figures> run(Engine writer, Engine reader, String space, int n) throws Exception {
        return run(writer, reader, space, n, Set.of(Kind.values()));
    }

    /** As {@link #run(Engine, Engine, String, int)} for some kinds only. */
    public static Map<Kind, Figures> run(Engine writer, Engine reader, String space, int n, Set<Kind> kinds)
            throws Exception {
        CoordEventLatency m = new CoordEventLatency(writer, space);
        try (Subscription ignored = reader.subscribe(
                new EventFilter(-1, space, Set.of(), null),
                e -> m.inbox.add(new Received(System.nanoTime(), Instant.now(), e)))) {
            writer.submit(new AgentOps.RegisterAgent(space, "w1", List.of(), null, null, 1_000, 3_600));
            writer.submit(new AgentOps.RegisterAgent(space, "w2", List.of(), null, null, 1_000, 3_600));
            m.await("AgentRegistered");
            m.await("AgentRegistered");
            Map<Kind, Figures> out = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) if (kinds.contains(k)) out.put(k, m.measure(k, n));
            return out;
        }
    }

    private Figures measure(Kind kind, int n) throws Exception {
        double[] send = new double[n], event = new double[n], ack = new double[n];
        Set<String> types = new java.util.TreeSet<>();
        String lockId = null;
        long token = 0;
        String approval = null;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            String type;
            switch (kind) {
                case TASK -> {
                    writer.submit(
                            new TaskOps.AddTask(space, "t" + i, null, null, null, null, null, null, null, null, null));
                    type = "TaskAdded";
                }
                case AGENT -> {
                    writer.submit(new AgentOps.RegisterAgent(space, "a" + i, List.of(), null, null, 1, 3_600));
                    type = "AgentRegistered";
                }
                case LOCK -> {
                    if (lockId == null) {
                        var r = writer.submit(new LockOps.AcquireLock(
                                space, "w1", List.of("src/f" + i), 600, LockOps.Mode.exclusive, null));
                        lockId = r.lock().id();
                        token = r.lock().token();
                        type = "LockAcquired";
                    } else {
                        writer.submit(new LockOps.ReleaseLock(space, lockId, "w1", token));
                        lockId = null;
                        type = "LockReleased";
                    }
                }
                case MESSAGE -> {
                    writer.submit(new MessageOps.SendMessage(space, "w1", "w2", "m" + i, null, null, false));
                    type = "MessageSent";
                }
                case KNOWLEDGE -> {
                    writer.submit(new KnowledgeOps.WriteTopic(space, "notes/k" + (i % 10), "text " + i, "w1"));
                    type = "KnowledgeWritten";
                }
                case APPROVAL -> {
                    if (approval == null) {
                        approval = writer.submit(new ApprovalOps.RequestApproval(space, "w1", "q" + i, null))
                                .id();
                        type = "ApprovalRequested";
                    } else {
                        writer.submit(new ApprovalOps.DecideApproval(space, approval, "yes", null));
                        approval = null;
                        type = "ApprovalDecided";
                    }
                }
                default -> throw new IllegalStateException(kind.name());
            }
            long t1 = System.nanoTime();
            Received r = await(type);
            types.add(type);
            send[i] = (r.nanos() - t0) / 1e6;
            ack[i] = Math.max(0, r.nanos() - t1) / 1e6;
            event[i] = Math.max(
                    0, r.wall().toEpochMilli() - ((JournalEvent) r.event()).at().toEpochMilli());
        }
        return new Figures(kind, types, send, event, ack);
    }

    /** The next event of {@code type} after the last one awaited; other events are skipped. */
    private Received await(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Received r = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null) throw new AssertionError("no " + type + " event within 10 s of its commit");
            if (r.event() instanceof JournalEvent
                    && r.event().seq() > lastSeq
                    && r.event().type().equals(type)) {
                lastSeq = r.event().seq();
                return r;
            }
        }
    }

    public static double percentile(double[] samples, double p) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    /** Lines for a report, one per kind. */
    public static List<String> lines(Map<Kind, Figures> figures) {
        List<String> out = new ArrayList<>();
        for (Figures f : figures.values()) out.add(f.line());
        return out;
    }
}
