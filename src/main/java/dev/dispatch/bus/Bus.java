package dev.dispatch.bus;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * In-process fan-out of events to live subscribers. Publishing never blocks on a subscriber: a
 * subscriber that throws is removed, so one broken face cannot stall the engine. Bounded queues for
 * slow remote consumers live with the transport that has them (SSE), not here.
 */
public final class Bus<T> {
    private final CopyOnWriteArrayList<Sub<T>> subs = new CopyOnWriteArrayList<>();
    private volatile Sub<T> divert;

    /**
     * Hands every event {@code which} accepts to {@code to} instead of the subscribers: events that must be
     * committed before anyone hears of them (the engine journals them and publishes the committed form).
     * One diversion per bus; a later call replaces it.
     */
    public void divert(Predicate<? super T> which, Consumer<? super T> to) {
        divert = new Sub<>(which, to);
    }

    public AutoCloseable subscribe(Predicate<? super T> filter, Consumer<? super T> sink) {
        Sub<T> sub = new Sub<>(filter, sink);
        subs.add(sub);
        return () -> subs.remove(sub);
    }

    public void publish(T event) {
        Sub<T> d = divert;
        if (d != null && d.filter.test(event)) {
            d.sink.accept(event);
            return;
        }
        for (Sub<T> s : subs) {
            try {
                if (s.filter.test(event)) s.sink.accept(event);
            } catch (RuntimeException e) {
                subs.remove(s);
            }
        }
    }

    public int subscribers() {
        return subs.size();
    }

    private record Sub<T>(Predicate<? super T> filter, Consumer<? super T> sink) {}
}
