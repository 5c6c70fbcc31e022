package dev.dispatch.mcp;

/**
 * Whom an MCP session acts as, fixed when it starts: one registered agent (from its token: the bearer on
 * HTTP, {@code DISPATCH_AGENT_TOKEN} on stdio), which may act only as itself in its own space, or the
 * operator, which may name any agent and space.
 */
public record Identity(boolean operator, String space, String agent) {
    public static Identity agent(String space, String name) {
        return new Identity(false, space, name);
    }

    /** The operator; {@code defaultSpace} (may be null) is used when a tool call names none. */
    public static Identity operator(String defaultSpace) {
        return new Identity(true, defaultSpace, null);
    }

    /** For logs and the server's instructions: never a token. */
    public String label() {
        return operator ? "operator" : space + "/" + agent;
    }
}
