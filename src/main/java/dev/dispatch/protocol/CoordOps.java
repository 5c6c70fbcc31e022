package dev.dispatch.protocol;

import java.util.List;
import java.util.Map;

/** Reading the event journal and queue statistics. */
public final class CoordOps {
    private CoordOps() {}

    /**
     * Journal events after {@code since} (exclusive) in commit order, narrowed by space and types. When
     * {@code since} is older than retention the page starts with a {@code reset} event.
     */
    public record ReadEvents(long since, String space, List<String> types, Integer limit) implements Op<EventsResult> {}

    /** {@code next} is the sequence to pass as {@code since} to continue. */
    public record EventsResult(List<JournalEvent> events, long next) {}

    public record ShowQueueStats(String space) implements Op<StatsResult> {}

    /**
     * Queue depth per queue and status, in flight (claimed), dead, mean wait (created → claimed) and run
     * (claimed → done) times in milliseconds over finished tasks, and agents by liveness.
     */
    public record StatsResult(
            String space,
            Map<String, Map<String, Long>> queues,
            long inFlight,
            long dead,
            Double averageWaitMillis,
            Double averageRunMillis,
            Map<String, Long> agents) {}
}
