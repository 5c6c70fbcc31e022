package dev.dispatch.cli;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.mcp.EngineDoor;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Op;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The engine door of {@code dispatch mcp serve}: the CLI's one door ({@link EngineAccess#oneShot}) per
 * tool call. A running owner's connection is kept between calls (a tool call then costs one socket
 * round trip) and dropped when the owner goes away; with no owner, each call opens the store and closes
 * it again, so a server that waits for its client never keeps other commands from the store.
 */
final class McpEngineDoor implements EngineDoor, AutoCloseable {
    private final CommandSpec spec;
    private RemoteEngine owner;

    McpEngineDoor(CommandSpec spec) {
        this.spec = spec;
    }

    @Override
    public <R> R submit(Op<R> op) {
        RemoteEngine remote = owner();
        if (remote == null) {
            Engine engine = EngineAccess.oneShot(spec);
            if (!(engine instanceof RemoteEngine r)) {
                try (engine) {
                    return engine.submit(op);
                }
            }
            remote = adopt(r);
        }
        synchronized (remote) { // one connection: calls on it take turns
            try {
                return remote.submit(op);
            } catch (EngineException e) {
                if (e.getCause() instanceof IOException) drop(remote); // the owner went away: find it again next call
                throw e;
            }
        }
    }

    private synchronized RemoteEngine owner() {
        return owner;
    }

    private synchronized RemoteEngine adopt(RemoteEngine r) {
        if (owner != null) {
            r.close(); // another call found the owner first
            return owner;
        }
        owner = r;
        return r;
    }

    private synchronized void drop(RemoteEngine r) {
        if (owner == r) owner = null;
        r.close();
    }

    @Override
    public synchronized void close() {
        if (owner != null) owner.close();
        owner = null;
    }
}
