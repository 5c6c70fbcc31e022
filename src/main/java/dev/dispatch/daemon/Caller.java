package dev.dispatch.daemon;

/**
 * Who is calling, derived from the request's token and nothing else: the operator (may act for any
 * agent) or one registered agent (may act only as itself).
 */
record Caller(Kind kind, String agent) {
    enum Kind {
        OPERATOR,
        AGENT
    }

    static final Caller OPERATOR = new Caller(Kind.OPERATOR, null);

    static Caller agent(String agentId) {
        return new Caller(Kind.AGENT, agentId);
    }

    boolean isOperator() {
        return kind == Kind.OPERATOR;
    }

    /** For logs: never the token, only the identity it maps to. */
    String label() {
        return isOperator() ? "operator" : agent;
    }
}
