package dev.dispatch.daemon;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.OpCodec;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/events}: Server-Sent Events filtered by {@code space}, {@code type} (repeatable or
 * comma-separated) and {@code agent}; replay after {@code Last-Event-ID} (preferred, browsers send it
 * on reconnect) or {@code ?since=}, then live. Without either it streams live events only. The
 * caller sees only what {@link EventScope} allows: an agent token its own space, the operator all.
 */
final class EventEndpoint {
    static final String PATH = dev.dispatch.protocol.SpecialRoutes.EVENTS;
    private static final Set<String> PARAMS = Set.of("space", "type", "agent", "since");

    private final SseHub hub;
    private final int maxClients;

    EventEndpoint(SseHub hub, int maxClients) {
        this.hub = hub;
        this.maxClients = maxClients;
    }

    void serve(Exchange x, String requestId, Caller caller) throws IOException, InterruptedException {
        Map<String, List<String>> q = OpCodec.parseQuery(x.request.getHttpURI().getQuery());
        for (String k : q.keySet()) {
            if (!PARAMS.contains(k))
                throw EngineException.invalid("unknown parameter '" + k + "' for " + PATH + "; use " + PARAMS);
        }
        Set<String> types = new LinkedHashSet<>();
        for (String v : q.getOrDefault("type", List.of())) {
            for (String t : v.split(",")) if (!t.isBlank()) types.add(t.strip());
        }
        long since = -1;
        String lastId = x.header("Last-Event-ID");
        if (lastId != null && !lastId.isBlank()) since = number("Last-Event-ID", lastId);
        else if (q.containsKey("since")) since = number("since", q.get("since").get(0));
        EventScope scope = EventScope.of(caller);
        // narrowed before the stream starts, so asking for another space is a plain 403 as on /v1/journal
        EventFilter filter = scope.narrow(new EventFilter(since, one(q, "space"), Set.copyOf(types), one(q, "agent")));
        x.startStream();
        boolean served = hub.serve(
                filter, scope, since, x::write, () -> x.fail(new IOException("subscriber too slow: dropped")));
        if (!served) {
            throw new ApiError(
                    429,
                    "too_many_requests",
                    "event streams are at their limit of " + maxClients + " (or the daemon is stopping); retry later");
        }
        x.endStream();
    }

    private static String one(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty() || v.get(0).isBlank()) return null;
        if (v.size() > 1) throw EngineException.invalid("'" + name + "' may appear once in " + PATH);
        return v.get(0);
    }

    private static long number(String name, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw EngineException.invalid(name + " must be a journal sequence number (0 or more), got '" + value + "'");
        }
    }
}
