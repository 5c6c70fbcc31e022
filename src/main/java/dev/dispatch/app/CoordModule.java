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
    private static AgentOps.AgentView identify(Coord coord, AgentOps.IdentifyParams p) {
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
        router.on(AgentOps.RegisterParams.class, agents::register)
                .on(AgentOps.ListParams.class, agents::list)
                .on(AgentOps.ShowParams.class, agents::show)
                .on(AgentOps.StatusParams.class, agents::status)
                .on(AgentOps.HeartbeatParams.class, agents::heartbeat)
                .on(AgentOps.DrainParams.class, agents::drain)
                .on(AgentOps.RemoveParams.class, agents::remove)
                .on(AgentOps.IdentifyParams.class, p -> identify(coord, p));
        var tasks = coord.tasks();
        var claims = coord.claims();
        router.on(TaskOps.AddParams.class, tasks::add)
                .on(TaskOps.ListParams.class, tasks::list)
                .on(TaskOps.ReadyParams.class, tasks::ready)
                .on(TaskOps.ShowParams.class, tasks::show)
                .on(TaskOps.CancelParams.class, tasks::cancel)
                .on(TaskOps.RetryParams.class, tasks::retry)
                .on(TaskOps.NextParams.class, claims::next)
                .on(TaskOps.ClaimParams.class, claims::claim)
                .on(TaskOps.ProgressParams.class, claims::progress)
                .on(TaskOps.CompleteParams.class, claims::complete)
                .on(TaskOps.FailParams.class, claims::fail)
                .on(TaskOps.ExplainParams.class, coord.explainer()::explain);
        router.on(CoordOps.EventsParams.class, coord.events()::events)
                .on(CoordOps.StatsParams.class, coord.stats()::stats);
        var locks = coord.locks();
        router.on(LockOps.AcquireParams.class, locks::acquire)
                .on(LockOps.RenewParams.class, locks::renew)
                .on(LockOps.ReleaseParams.class, locks::release)
                .on(LockOps.ListParams.class, locks::list);
        var messages = coord.messages();
        router.on(MessageOps.SendParams.class, messages::send)
                .on(MessageOps.InboxParams.class, messages::inbox)
                .on(MessageOps.AckParams.class, messages::ack);
        var knowledge = coord.knowledge();
        router.on(KnowledgeOps.WriteParams.class, knowledge::write)
                .on(KnowledgeOps.ReadParams.class, knowledge::read)
                .on(KnowledgeOps.ListParams.class, knowledge::list)
                .on(KnowledgeOps.SearchParams.class, knowledge::search);
        var approvals = coord.approvals();
        router.on(ApprovalOps.RequestParams.class, approvals::request)
                .on(ApprovalOps.ListParams.class, approvals::list)
                .on(ApprovalOps.DecideParams.class, approvals::decide);
    }
}
