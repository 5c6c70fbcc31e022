package dev.dispatch.mcp;

import dev.dispatch.protocol.Op;

/**
 * What a tool call runs with: the session's {@link Identity} and the engine door. The identity rules of
 * the HTTP API hold here too: an agent acts only as itself and only in its own space (a tool naming
 * another agent or space is refused before any op runs); the operator may name any, and must name the
 * acting agent where an op needs one.
 */
final class ToolContext {
    private final Identity identity;
    private final EngineDoor door;
    private final String tool;

    ToolContext(Identity identity, EngineDoor door, String tool) {
        this.identity = identity;
        this.door = door;
        this.tool = tool;
    }

    Identity identity() {
        return identity;
    }

    <R> R submit(Op<R> op) {
        return door.submit(op);
    }

    /** The space to act in: the argument when allowed, else the session's. */
    String space(ToolArgs a) {
        String given = a.str("space");
        if (given != null) given = given.strip();
        if (!identity.operator()) {
            if (given != null && !given.isEmpty() && !given.equals(identity.space())) {
                throw new ToolError(tool + ": agent '" + identity.agent() + "' belongs to space '" + identity.space()
                        + "' and may not act in space '" + given + "'; leave 'space' out");
            }
            return identity.space();
        }
        if (given != null && !given.isEmpty()) return given;
        if (identity.space() != null) return identity.space();
        throw new ToolError(tool + ": argument 'space' is required (this operator session has no default space)");
    }

    /** The acting agent named by argument {@code field}: this session's agent, which may name only itself. */
    String actor(ToolArgs a, String field) {
        String given = a.str(field);
        if (given != null) given = given.strip();
        if (!identity.operator()) {
            if (given != null && !given.isEmpty() && !given.equals(identity.agent())) {
                throw new ToolError(tool + ": agent '" + identity.agent() + "' may not act as '" + given
                        + "' (argument '" + field + "'); leave it out, or use that agent's own token");
            }
            return identity.agent();
        }
        if (given == null || given.isEmpty())
            throw new ToolError(tool + ": argument '" + field + "' is required for the operator (which agent acts?)");
        return given;
    }

    /** For ops the HTTP API reserves for the operator (registering agents). */
    void operatorOnly() {
        if (!identity.operator()) {
            throw new ToolError(tool + " is for the operator only; agent '" + identity.agent()
                    + "' may not call it (run 'dispatch mcp install' or 'dispatch agent register' as the user)");
        }
    }
}
