package dev.dispatch.protocol;

import dev.dispatch.protocol.Route.Access;
import java.util.function.Consumer;

/**
 * The coordination part of the route table: everything lives under {@code /v1/spaces/{space}/…}, so
 * an agent token (bound to one space) can be checked against the path. {@code actor} names the op
 * field that says which agent acts; an agent token may only name itself there.
 */
final class CoordRoutes {
    private static final String S = "/v1/spaces/{space}";

    private CoordRoutes() {}

    static void add(Consumer<Route> put) {
        // locks
        put.accept(new Route(LockOps.AcquireParams.class, "POST", S + "/locks", Access.AGENT, "agent"));
        put.accept(new Route(LockOps.ListParams.class, "GET", S + "/locks", Access.AGENT, null));
        put.accept(new Route(LockOps.RenewParams.class, "POST", S + "/locks/{lockId}/renew", Access.AGENT, "agent"));
        put.accept(new Route(LockOps.ReleaseParams.class, "POST", S + "/locks/{lockId}/release", Access.AGENT, "agent"));
        // messages (reading an inbox may mark it read, so it is a POST)
        put.accept(new Route(MessageOps.SendParams.class, "POST", S + "/messages", Access.AGENT, "from"));
        put.accept(new Route(MessageOps.InboxParams.class, "POST", S + "/agents/{agent}/inbox", Access.AGENT, "agent"));
        put.accept(new Route(MessageOps.AckParams.class, "POST", S + "/messages/{messageId}/ack", Access.AGENT, "agent"));
        // knowledge
        put.accept(new Route(KnowledgeOps.WriteParams.class, "POST", S + "/knowledge/{topic}", Access.AGENT, "agent"));
        put.accept(new Route(KnowledgeOps.ReadParams.class, "GET", S + "/knowledge/{topic}", Access.AGENT, null));
        put.accept(new Route(KnowledgeOps.ListParams.class, "GET", S + "/knowledge", Access.AGENT, null));
        put.accept(new Route(KnowledgeOps.SearchParams.class, "GET", S + "/search", Access.AGENT, null));
        // approvals: agents ask, the operator decides
        put.accept(new Route(ApprovalOps.RequestParams.class, "POST", S + "/approvals", Access.AGENT, "agent"));
        put.accept(new Route(ApprovalOps.ListParams.class, "GET", S + "/approvals", Access.AGENT, null));
        put.accept(new Route(ApprovalOps.DecideParams.class, "POST", S + "/approvals/{id}/decide", Access.OPERATOR, null));
    }
}
