package dev.dispatch.tool;

import dev.dispatch.protocol.Op;
import java.util.Optional;

/**
 * How the coordination tools reach the engine: the same ops the CLI sends ({@code task next}, {@code lock},
 * {@code message send}, …), submitted in-process, and who the calling agent is in the coordination
 * registry. The identity comes from the call's own agent id, never from the model's arguments, so an
 * agent cannot act as another agent.
 */
public interface CoordPort {
    /** An in-process agent's registry identity: the space it works in and its name there. */
    record Identity(String space, String name) {}

    /** The registry identity of the runtime agent {@code agentId}; empty when it is not registered. */
    Optional<Identity> identity(String agentId);

    /** Runs {@code op} on the engine; failures are {@link dev.dispatch.protocol.EngineException}s. */
    <R> R submit(Op<R> op);

    /** The leases and lock tokens each agent holds, remembered so the model never juggles them. */
    CoordHoldings holdings();
}
