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
        // agents
        put.accept(new Route(AgentOps.RegisterParams.class, "POST", S + "/agents", Access.OPERATOR, null));
        put.accept(new Route(AgentOps.ListParams.class, "GET", S + "/agents", Access.AGENT, null));
        put.accept(new Route(AgentOps.IdentifyParams.class, "POST", "/v1/identify", Access.AGENT, null));
        put.accept(new Route(AgentOps.ShowParams.class, "GET", S + "/agents/{name}", Access.AGENT, null));
        put.accept(new Route(AgentOps.StatusParams.class, "POST", S + "/agents/{name}/status", Access.AGENT, "name"));
        put.accept(new Route(
                AgentOps.HeartbeatParams.class, "POST", S + "/agents/{name}/heartbeat", Access.AGENT, "name"));
        put.accept(new Route(AgentOps.DrainParams.class, "POST", S + "/agents/{name}/drain", Access.AGENT, "name"));
        put.accept(new Route(AgentOps.RemoveParams.class, "DELETE", S + "/agents/{name}", Access.OPERATOR, null));
        put.accept(new Route(AgentOps.SendParams.class, "POST", S + "/agents/{agent}/send", Access.OPERATOR, null));
        put.accept(new Route(AgentOps.TreeParams.class, "GET", S + "/agent-tree", Access.AGENT, null));
        // tasks
        put.accept(new Route(TaskOps.AddParams.class, "POST", S + "/tasks", Access.AGENT, null));
        put.accept(new Route(TaskOps.ListParams.class, "GET", S + "/tasks", Access.AGENT, null));
        put.accept(new Route(TaskOps.ReadyParams.class, "GET", S + "/tasks/ready", Access.AGENT, null));
        put.accept(new Route(TaskOps.ShowParams.class, "GET", S + "/tasks/{id}", Access.AGENT, null));
        put.accept(new Route(TaskOps.NextParams.class, "POST", S + "/tasks/next", Access.AGENT, "agent"));
        put.accept(new Route(TaskOps.ClaimParams.class, "POST", S + "/tasks/{id}/claim", Access.AGENT, "agent"));
        put.accept(new Route(TaskOps.ProgressParams.class, "POST", S + "/tasks/{id}/progress", Access.AGENT, null));
        put.accept(new Route(TaskOps.CompleteParams.class, "POST", S + "/tasks/{id}/complete", Access.AGENT, null));
        put.accept(new Route(TaskOps.FailParams.class, "POST", S + "/tasks/{id}/fail", Access.AGENT, null));
        put.accept(new Route(TaskOps.CancelParams.class, "POST", S + "/tasks/{id}/cancel", Access.AGENT, null));
        put.accept(new Route(TaskOps.RetryParams.class, "POST", S + "/tasks/{id}/retry", Access.OPERATOR, null));
        put.accept(new Route(TaskOps.ExplainParams.class, "GET", S + "/tasks/{id}/explain", Access.AGENT, null));
        // journal pages and queue statistics (the live stream is GET /v1/events)
        put.accept(new Route(CoordOps.EventsParams.class, "GET", "/v1/journal", Access.AGENT, null));
        put.accept(new Route(CoordOps.StatsParams.class, "GET", S + "/stats", Access.AGENT, null));
        // locks
        put.accept(new Route(LockOps.AcquireParams.class, "POST", S + "/locks", Access.AGENT, "agent"));
        put.accept(new Route(LockOps.ListParams.class, "GET", S + "/locks", Access.AGENT, null));
        put.accept(new Route(LockOps.RenewParams.class, "POST", S + "/locks/{lockId}/renew", Access.AGENT, "agent"));
        put.accept(
                new Route(LockOps.ReleaseParams.class, "POST", S + "/locks/{lockId}/release", Access.AGENT, "agent"));
        // messages (reading an inbox may mark it read, so it is a POST)
        put.accept(new Route(MessageOps.SendParams.class, "POST", S + "/messages", Access.AGENT, "from"));
        put.accept(new Route(MessageOps.InboxParams.class, "POST", S + "/agents/{agent}/inbox", Access.AGENT, "agent"));
        put.accept(
                new Route(MessageOps.AckParams.class, "POST", S + "/messages/{messageId}/ack", Access.AGENT, "agent"));
        // knowledge
        put.accept(new Route(KnowledgeOps.WriteParams.class, "POST", S + "/knowledge/{topic}", Access.AGENT, "agent"));
        put.accept(new Route(KnowledgeOps.ReadParams.class, "GET", S + "/knowledge/{topic}", Access.AGENT, null));
        put.accept(new Route(KnowledgeOps.ListParams.class, "GET", S + "/knowledge", Access.AGENT, null));
        put.accept(new Route(KnowledgeOps.SearchParams.class, "GET", S + "/search", Access.AGENT, null));
        // approvals: agents ask, the operator decides
        put.accept(new Route(ApprovalOps.RequestParams.class, "POST", S + "/approvals", Access.AGENT, "agent"));
        put.accept(new Route(ApprovalOps.ListParams.class, "GET", S + "/approvals", Access.AGENT, null));
        put.accept(
                new Route(ApprovalOps.DecideParams.class, "POST", S + "/approvals/{id}/decide", Access.OPERATOR, null));
    }
}
