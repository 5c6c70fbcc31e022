package dev.dispatch.daemon;

import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEntry;

/**
 * Which events a caller may see: the one rule for the SSE stream ({@code /v1/events}), the journal
 * ({@code /v1/journal}) and whatever else shows events to a token holder (MCP, the dashboard).
 *
 * <ul>
 *   <li>The operator sees everything: every space's journal and the engine's transient events
 *       (in-process agents' text and tool output, key and config notices).
 *   <li>An agent token sees the journal events of its own space, and nothing else. Asking for another
 *       space is a 403, whatever the route; asking for no space means its own.
 *   <li>Transient events are runtime streams of in-process agents and engine-wide notices. An agent may
 *       see the runtime events of agents it may see, which is only itself; in-process agents hold no
 *       agent token (their coordination identity, if any, is the operator's engine acting for them), so
 *       no transient event is any token agent's own, and an agent token receives none. When an in-process
 *       agent one day carries a token, this class is the one place to widen.
 * </ul>
 */
final class EventScope {
    private final Caller caller;

    private EventScope(Caller caller) {
        this.caller = caller;
    }

    static EventScope of(Caller caller) {
        return new EventScope(caller);
    }

    /** The space the caller's request is narrowed to: theirs for an agent, as asked (or all) for the operator. */
    String space(String requested) {
        if (caller.isOperator()) return requested;
        if (requested != null && !requested.equals(caller.space())) {
            throw new ApiError(
                    403,
                    "forbidden",
                    "agent '" + caller.agent() + "' belongs to space '" + caller.space()
                            + "' and may not see the events of space '" + requested + "'");
        }
        return caller.space();
    }

    /** An SSE filter narrowed to what the caller may see (403 for another space). */
    EventFilter narrow(EventFilter f) {
        return new EventFilter(f.since(), space(f.space()), f.types(), f.agent());
    }

    /** A journal query narrowed to what the caller may see (403 for another space). */
    CoordOps.ReadEvents narrow(CoordOps.ReadEvents p) {
        return new CoordOps.ReadEvents(p.since(), space(p.space()), p.types(), p.limit());
    }

    /** Whether the caller may see this committed event. */
    boolean sees(JournalEntry e) {
        return caller.isOperator() || caller.space().equals(e.space());
    }

    /** Whether the caller may see transient events (runtime streams, key and config notices). */
    boolean seesTransient() {
        return caller.isOperator();
    }
}
