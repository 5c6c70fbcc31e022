package dev.dispatch.daemon;

import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEntry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One SSE subscriber's side of the hub: its filter, what its caller may see, and a bounded queue of frames. The hub offers
 * frames without ever blocking; when the queue is full the subscriber is dropped (its connection
 * aborted), and it resumes by id. The connection's own thread drains the queue.
 */
final class SseStream {
    private static final SseFrame END = new SseFrame(-1, null, new byte[0]);

    private final EventFilter filter;
    private final EventScope scope;
    private final BlockingQueue<SseFrame> queue;
    private final Runnable abort;
    private volatile boolean dropped;

    SseStream(EventFilter filter, EventScope scope, int capacity, Runnable abort) {
        this.filter = filter;
        this.scope = scope;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.abort = abort;
    }

    /** What the caller may see ({@link EventScope}) and asked for (the filter). */
    boolean matches(JournalEntry e) {
        if (!scope.sees(e)) return false;
        // the engine's news (no space: key switches, reloads) belongs to every space's view
        if (filter.space() != null && e.space() != null && !filter.space().equals(e.space())) return false;
        if (filter.agent() != null && !filter.agent().equals(e.agent())) return false;
        return filter.types() == null
                || filter.types().isEmpty()
                || filter.types().contains(e.type());
    }

    /**
     * Transient events go only to callers that may see them ({@link EventScope}) on streams unfiltered by
     * space or agent (they carry neither field).
     */
    boolean wantsTransient(String type) {
        if (!scope.seesTransient()) return false;
        if (filter.space() != null || filter.agent() != null) return false;
        return filter.types() == null
                || filter.types().isEmpty()
                || filter.types().contains(type);
    }

    /** Queues a frame; false (and the stream dropped) when the subscriber is too far behind. */
    boolean offer(SseFrame f) {
        if (dropped) return false;
        if (queue.offer(f)) return true;
        dropped = true;
        abort.run();
        return false;
    }

    /** The next frame, null after {@code waitMs} with nothing (time for a keepalive), END when closed. */
    SseFrame next(long waitMs) throws InterruptedException {
        return queue.poll(waitMs, TimeUnit.MILLISECONDS);
    }

    SseFrame poll() {
        return queue.poll();
    }

    /** Ends the stream cleanly (daemon stopping): the writer sees END after what is queued. */
    void end() {
        if (!queue.offer(END)) abort.run();
    }

    static boolean isEnd(SseFrame f) {
        return f == END;
    }

    boolean dropped() {
        return dropped;
    }
}
