package dev.dispatch.daemon;

/**
 * Who is calling, derived from the request's token and nothing else: the operator (may act for any
 * agent) or one registered agent (may act only as itself).
 */
record Caller(Kind kind, String space, String agent) {
    enum Kind {
        OPERATOR,
        AGENT
    }

    static final Caller OPERATOR = new Caller(Kind.OPERATOR, null, null);

    static Caller agent(AgentTokens.Agent a) {
        return new Caller(Kind.AGENT, a.space(), a.name());
    }

    boolean isOperator() {
        return kind == Kind.OPERATOR;
    }

    /** For logs: never the token, only the identity it maps to. */
    String label() {
        return isOperator() ? "operator" : space + "/" + agent;
    }
}
