package dev.dispatch.bench;

import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import java.util.Arrays;

/**
 * Per-tool-call engine overhead read from the real loop: a bus subscriber stamps {@link System#nanoTime()}
 * as each turn and tool-call event arrives (events are published on the agent's own thread, so the
 * stamp is taken at the moment the loop publishes), and the {@link ProbeTool}'s own stamps mark the
 * permission answer and its own work. From these:
 * <ul>
 *   <li>a call's <em>cycle</em>: from its ToolCallStarted to the next call's ToolCallStarted in the same
 *       model turn, minus the tool's own work. That is everything the engine does per call: the started
 *       row commit, context, argument parsing into the params record, the permission check (with its
 *       decision-log commit), the events, the finished row commit and the result block;</li>
 *   <li>a turn's <em>tool boundary</em>: from TurnEnded (the assistant's tool calls assembled and stored)
 *       to the next TurnStarted (results appended to history and stored, next request built), minus the
 *       tools' own work, divided by the calls in it. It adds the per-turn work shared by the calls.</li>
 * </ul>
 */
final class ToolCallTimeline {
    private static final byte TURN_STARTED = 1, TURN_ENDED = 2, CALL_STARTED = 3, CALL_FINISHED = 4;
    private final byte[] kinds;
    private final long[] times;
    private int n;

    ToolCallTimeline(int capacity) {
        kinds = new byte[capacity];
        times = new long[capacity];
    }

    /** The bus sink: stamps first, then classifies, so the classification is not in the measured interval. */
    void onEvent(Event e) {
        long t = System.nanoTime();
        byte k =
                switch (e) {
                    case RuntimeEvents.TurnStarted s -> TURN_STARTED;
                    case RuntimeEvents.TurnEnded s -> TURN_ENDED;
                    case RuntimeEvents.ToolCallStarted s -> CALL_STARTED;
                    case RuntimeEvents.ToolCallFinished s -> CALL_FINISHED;
                    default -> 0;
                };
        if (k == 0 || n == kinds.length) return;
        kinds[n] = k;
        times[n++] = t;
    }

    void clear() {
        n = 0;
    }

    /** What the timeline shows about the calls, with {@code probe} holding the tools' own stamps in order. */
    Figures analyse(ProbeTool probe) {
        Samples cycle = new Samples(),
                boundary = new Samples(),
                before = new Samples(),
                permission = new Samples(),
                after = new Samples(),
                finishing = new Samples(),
                head = new Samples(),
                tail = new Samples();
        int call = 0;
        for (int i = 0; i < n; i++) {
            if (kinds[i] != TURN_ENDED || i + 1 >= n || kinds[i + 1] != CALL_STARTED) continue;
            // one tool boundary: TurnEnded, (CallStarted, CallFinished) x calls, TurnStarted
            int j = i + 1, first = call;
            head.add(times[j] - times[i]);
            long own = 0;
            while (j + 1 < n && kinds[j] == CALL_STARTED && kinds[j + 1] == CALL_FINISHED) {
                long started = times[j], finished = times[j + 1];
                boolean hasNext = j + 2 < n && kinds[j + 2] == CALL_STARTED;
                own += probe.ownNs(call);
                if (hasNext) {
                    long next = times[j + 2];
                    cycle.add(next - started - probe.ownNs(call));
                    before.add(probe.entered[call] - started);
                    permission.add(probe.allowed[call] - probe.entered[call]);
                    after.add(finished - probe.done[call]);
                    finishing.add(next - finished);
                }
                call++;
                j += 2;
            }
            if (j < n && kinds[j] == TURN_STARTED) {
                boundary.add((times[j] - times[i] - own) / (call - first));
                tail.add(times[j] - times[j - 1]);
            }
            i = j - 1;
        }
        if (call != probe.calls()) {
            throw new IllegalStateException("timeline saw " + call + " tool calls but the probe ran " + probe.calls()
                    + "; raise the timeline capacity");
        }
        return new Figures(cycle, boundary, before, permission, after, finishing, head, tail);
    }

    /** Nanosecond samples and their percentiles in ms. */
    static final class Samples {
        private long[] ns = new long[64];
        private int size;

        void add(long v) {
            if (size == ns.length) ns = Arrays.copyOf(ns, size * 2);
            ns[size++] = v;
        }

        int size() {
            return size;
        }

        double pct(int p) {
            if (size == 0) return Double.NaN;
            long[] s = Arrays.copyOf(ns, size);
            Arrays.sort(s);
            return s[Math.min(size - 1, Math.max(0, (int) Math.ceil(p / 100.0 * size) - 1))] / 1e6;
        }
    }

    /**
     * The samples of one run; {@code head} is TurnEnded to the first call's start, {@code tail} the last
     * call's ToolCallFinished to the next TurnStarted (its finished row, the results message stored,
     * the next request built).
     */
    record Figures(
            Samples cycle,
            Samples boundary,
            Samples before,
            Samples permission,
            Samples after,
            Samples finishing,
            Samples head,
            Samples tail) {}
}
