package dev.dispatch.mcp;

import dev.dispatch.protocol.Op;

/**
 * How the tools reach the engine: one op in, its answer out (failures are {@code EngineException}s).
 * In the daemon it is the engine the daemon hosts; for {@code dispatch mcp serve} it is the CLI's one
 * engine door (the running owner over its socket, else the store opened for the call).
 */
@FunctionalInterface
public interface EngineDoor {
    <R> R submit(Op<R> op);
}
