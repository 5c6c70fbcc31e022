package dev.dispatch.lsp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The crashes of one server within its {@link ServerHandle.Policy}'s window: how long to wait before
 * the next restart (doubling up to the policy's cap), and when to give up and say so (tried again
 * after the cool-down, or at once with {@code dispatch lsp restart}).
 */
final class Crashes {
    private final ServerHandle.Policy policy;
    private final Deque<Instant> times = new ArrayDeque<>();

    Crashes(ServerHandle.Policy policy) {
        this.policy = policy;
    }

    /** Records a crash now; answers how many fall within the window. */
    synchronized int add() {
        Instant now = Instant.now();
        times.addLast(now);
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(policy.window()))) times.removeFirst();
        return times.size();
    }

    synchronized int count() {
        return times.size();
    }

    /** A fresh count: a restart on request, or the retry after the cool-down. */
    synchronized void clear() {
        times.clear();
    }

    boolean givenUp(int count) {
        return count >= policy.maxCrashes();
    }

    /** The wait before restart {@code count}: the policy's backoff, doubled per crash, capped. */
    long backoffMillis(int count) {
        return Math.min(policy.maxBackoff().toMillis(), policy.backoff().toMillis() << Math.min(count - 1, 20));
    }

    Duration coolDown() {
        return policy.coolDown();
    }

    /** Why {@code server} is failed, and how it comes back. */
    String gaveUp(int count, String server, String why) {
        return "crashed " + count + " times within " + policy.window().toMinutes() + " min; tried again after a "
                + human(policy.coolDown()) + " cool-down, or now with `dispatch lsp restart " + server + "`; last: "
                + why;
    }

    static String human(Duration d) {
        if (d.toMinutes() >= 1) return d.toMinutes() + " min";
        return d.toSeconds() >= 1 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
