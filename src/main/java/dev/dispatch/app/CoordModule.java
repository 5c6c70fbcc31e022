package dev.dispatch.app;

import dev.dispatch.coord.Coord;
import dev.dispatch.coord.Ids;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.TaskOps;

/** Wires the coordination ops (agents, tasks, journal, stats, locks, messages, knowledge, approvals) to coord. */
final class CoordModule {
    private CoordModule() {}

    /** The agent a token names; an unknown (or blank) token is unauthorized, and the message never echoes it. */
    private static AgentOps.AgentView identify(Coord coord, AgentOps.IdentifyAgent p) {
        if (p.token() == null || p.token().isBlank())
            throw new EngineException(
                    ErrorCode.INVALID, "token is required: an agent token (dsp_…) from its registration");
        return coord.agents()
                .byTokenHash(Ids.tokenHash(p.token().strip()))
                .orElseThrow(() -> new EngineException(
                        ErrorCode.UNAUTHORIZED, "the token matches no registered agent (was the agent removed?)"));
    }

    static void register(OpRouter router, Coord coord) {
        var agents = coord.agents();
        router.on(AgentOps.RegisterAgent.class, agents::register)
                .on(AgentOps.ListRegisteredAgents.class, agents::list)
                .on(AgentOps.ShowAgent.class, agents::show)
                .on(AgentOps.SetAgentStatus.class, agents::status)
                .on(AgentOps.SendHeartbeat.class, agents::heartbeat)
                .on(AgentOps.DrainAgent.class, agents::drain)
                .on(AgentOps.RemoveAgent.class, agents::remove)
                .on(AgentOps.IdentifyAgent.class, p -> identify(coord, p));
        var tasks = coord.tasks();
        var claims = coord.claims();
        router.on(TaskOps.AddTask.class, tasks::add)
                .on(TaskOps.ListTasks.class, tasks::list)
                .on(TaskOps.ListReadyTasks.class, tasks::ready)
                .on(TaskOps.ShowTask.class, tasks::show)
                .on(TaskOps.CancelTask.class, tasks::cancel)
                .on(TaskOps.RetryTask.class, tasks::retry)
                .on(TaskOps.ClaimNextTask.class, claims::next)
                .on(TaskOps.ClaimTask.class, claims::claim)
                .on(TaskOps.ReportProgress.class, claims::progress)
                .on(TaskOps.CompleteTask.class, claims::complete)
                .on(TaskOps.FailTask.class, claims::fail)
                .on(TaskOps.ExplainTask.class, coord.explainer()::explain);
        router.on(CoordOps.ReadEvents.class, coord.events()::events)
                .on(CoordOps.ShowQueueStats.class, coord.stats()::stats);
        var locks = coord.locks();
        router.on(LockOps.AcquireLock.class, locks::acquire)
                .on(LockOps.RenewLock.class, locks::renew)
                .on(LockOps.ReleaseLock.class, locks::release)
                .on(LockOps.ListLocks.class, locks::list);
        var messages = coord.messages();
        router.on(MessageOps.SendMessage.class, messages::send)
                .on(MessageOps.ReadInbox.class, messages::inbox)
                .on(MessageOps.AckMessage.class, messages::ack);
        var knowledge = coord.knowledge();
        router.on(KnowledgeOps.WriteTopic.class, knowledge::write)
                .on(KnowledgeOps.ReadTopic.class, knowledge::read)
                .on(KnowledgeOps.ListTopics.class, knowledge::list)
                .on(KnowledgeOps.SearchKnowledge.class, knowledge::search);
        var approvals = coord.approvals();
        router.on(ApprovalOps.RequestApproval.class, approvals::request)
                .on(ApprovalOps.ListApprovals.class, approvals::list)
                .on(ApprovalOps.DecideApproval.class, approvals::decide);
    }
}
