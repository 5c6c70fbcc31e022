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

    public AutoCloseable subscribe(Predicate<? super T> filter, Consumer<? super T> sink) {
        Sub<T> sub = new Sub<>(filter, sink);
        subs.add(sub);
        return () -> subs.remove(sub);
    }

    public void publish(T event) {
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
