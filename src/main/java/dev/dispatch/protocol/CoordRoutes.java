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
        put.accept(new Route(AgentOps.RegisterAgent.class, "POST", S + "/agents", Access.OPERATOR, null));
        put.accept(new Route(AgentOps.ListRegisteredAgents.class, "GET", S + "/agents", Access.AGENT, null));
        put.accept(new Route(AgentOps.IdentifyAgent.class, "POST", "/v1/identify", Access.AGENT, null));
        put.accept(new Route(AgentOps.ShowAgent.class, "GET", S + "/agents/{name}", Access.AGENT, null));
        put.accept(new Route(AgentOps.SetAgentStatus.class, "POST", S + "/agents/{name}/status", Access.AGENT, "name"));
        put.accept(
                new Route(AgentOps.SendHeartbeat.class, "POST", S + "/agents/{name}/heartbeat", Access.AGENT, "name"));
        put.accept(new Route(AgentOps.DrainAgent.class, "POST", S + "/agents/{name}/drain", Access.AGENT, "name"));
        put.accept(new Route(AgentOps.RemoveAgent.class, "DELETE", S + "/agents/{name}", Access.OPERATOR, null));
        put.accept(new Route(AgentOps.SendToAgent.class, "POST", S + "/agents/{agent}/send", Access.OPERATOR, null));
        put.accept(new Route(AgentOps.ShowAgentTree.class, "GET", S + "/agent-tree", Access.AGENT, null));
        // tasks
        put.accept(new Route(TaskOps.AddTask.class, "POST", S + "/tasks", Access.AGENT, null));
        put.accept(new Route(TaskOps.ListTasks.class, "GET", S + "/tasks", Access.AGENT, null));
        put.accept(new Route(TaskOps.ListReadyTasks.class, "GET", S + "/tasks/ready", Access.AGENT, null));
        put.accept(new Route(TaskOps.ShowTask.class, "GET", S + "/tasks/{id}", Access.AGENT, null));
        put.accept(new Route(TaskOps.ClaimNextTask.class, "POST", S + "/tasks/next", Access.AGENT, "agent"));
        put.accept(new Route(TaskOps.ClaimTask.class, "POST", S + "/tasks/{id}/claim", Access.AGENT, "agent"));
        put.accept(new Route(TaskOps.ReportProgress.class, "POST", S + "/tasks/{id}/progress", Access.AGENT, null));
        put.accept(new Route(TaskOps.CompleteTask.class, "POST", S + "/tasks/{id}/complete", Access.AGENT, null));
        put.accept(new Route(TaskOps.FailTask.class, "POST", S + "/tasks/{id}/fail", Access.AGENT, null));
        put.accept(new Route(TaskOps.CancelTask.class, "POST", S + "/tasks/{id}/cancel", Access.AGENT, null));
        put.accept(new Route(TaskOps.RetryTask.class, "POST", S + "/tasks/{id}/retry", Access.OPERATOR, null));
        put.accept(new Route(TaskOps.ExplainTask.class, "GET", S + "/tasks/{id}/explain", Access.AGENT, null));
        // journal pages and queue statistics (the live stream is GET /v1/events)
        put.accept(new Route(CoordOps.ReadEvents.class, "GET", "/v1/journal", Access.AGENT, null));
        put.accept(new Route(CoordOps.ShowQueueStats.class, "GET", S + "/stats", Access.AGENT, null));
        // locks
        put.accept(new Route(LockOps.AcquireLock.class, "POST", S + "/locks", Access.AGENT, "agent"));
        put.accept(new Route(LockOps.ListLocks.class, "GET", S + "/locks", Access.AGENT, null));
        put.accept(new Route(LockOps.RenewLock.class, "POST", S + "/locks/{lockId}/renew", Access.AGENT, "agent"));
        put.accept(new Route(LockOps.ReleaseLock.class, "POST", S + "/locks/{lockId}/release", Access.AGENT, "agent"));
        // messages (reading an inbox may mark it read, so it is a POST)
        put.accept(new Route(MessageOps.SendMessage.class, "POST", S + "/messages", Access.AGENT, "from"));
        put.accept(new Route(MessageOps.ReadInbox.class, "POST", S + "/agents/{agent}/inbox", Access.AGENT, "agent"));
        put.accept(
                new Route(MessageOps.AckMessage.class, "POST", S + "/messages/{messageId}/ack", Access.AGENT, "agent"));
        // knowledge
        put.accept(new Route(KnowledgeOps.WriteTopic.class, "POST", S + "/knowledge/{topic}", Access.AGENT, "agent"));
        put.accept(new Route(KnowledgeOps.ReadTopic.class, "GET", S + "/knowledge/{topic}", Access.AGENT, null));
        put.accept(new Route(KnowledgeOps.ListTopics.class, "GET", S + "/knowledge", Access.AGENT, null));
        put.accept(new Route(KnowledgeOps.SearchKnowledge.class, "GET", S + "/search", Access.AGENT, null));
        // approvals: agents ask, the operator decides
        put.accept(new Route(ApprovalOps.RequestApproval.class, "POST", S + "/approvals", Access.AGENT, "agent"));
        put.accept(new Route(ApprovalOps.ListApprovals.class, "GET", S + "/approvals", Access.AGENT, null));
        put.accept(new Route(
                ApprovalOps.DecideApproval.class, "POST", S + "/approvals/{id}/decide", Access.OPERATOR, null));
    }
}
