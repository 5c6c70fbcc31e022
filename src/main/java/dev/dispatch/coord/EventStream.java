package dev.dispatch.coord;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.CoordOps.EventsResult;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.Subscription;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A subscription that replays the journal from {@code since} and then follows it live, without gaps or
 * duplicates: journal events are always read back from the store in sequence order (the bus only wakes
 * the reader), so a reader never depends on the order in which writer threads publish. Transient
 * events (seq 0, e.g. token deltas) pass straight from the bus. Used by the in-process engine and, through
 * it, by the daemon's SSE.
 */
public final class EventStream implements Subscription {
    private static final int PAGE = 500;

    private final Ledger ledger;
    private final EventFilter filter;
    private final Consumer<Event> sink;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AutoCloseable busHandle;
    private final Thread reader;
    private long cursor;

    EventStream(Ledger ledger, Bus<Event> bus, EventLog log, EventFilter filter, Consumer<Event> sink) {
        this.ledger = ledger;
        this.filter = filter;
        this.sink = sink;
        // subscribe before fixing the start point, so nothing committed in between is missed
        this.busHandle = bus.subscribe(e -> true, this::onBus);
        this.cursor = filter.replays() ? filter.since() : log.newest();
        this.reader = Thread.ofVirtual().name("event-stream").start(this::follow);
    }

    private void onBus(Event e) {
        if (e.seq() > 0) {
            wake.release();
        } else if (matchesTransient(e)) {
            sink.accept(e);
        }
    }

    private boolean matchesTransient(Event e) {
        Set<String> types = filter.types();
        return types == null || types.isEmpty() || types.contains(e.type());
    }

    private void follow() {
        Set<String> types = filter.types() == null ? Set.of() : filter.types();
        try {
            while (!closed.get()) {
                // drop old wake-ups before reading: a commit after this point leaves a permit
                wake.drainPermits();
                long from = cursor;
                EventsResult page = ledger.read(
                        (c, now) -> EventLog.page(c, now, from, filter.space(), types, filter.agent(), PAGE));
                for (JournalEvent e : page.events()) {
                    if (closed.get()) return;
                    sink.accept(e);
                }
                cursor = page.next();
                if (page.events().isEmpty() && page.next() == from) {
                    // nothing new: sleep until a commit wakes us (the timeout is only a safety net)
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a failing sink or a closed store ends this subscription only
            closeQuietly();
        }
    }

    /** The sequence number after which this stream continues (for resumption). */
    public long cursor() {
        return cursor;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly();
            // no interrupt: interrupting a thread inside H2's file I/O would close the store's channel
            wake.release();
        }
    }

    private void closeQuietly() {
        closed.set(true);
        try {
            busHandle.close();
        } catch (Exception ignored) {
            // removing a bus subscriber cannot fail
        }
    }
}
