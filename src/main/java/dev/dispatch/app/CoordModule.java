package dev.dispatch.app;

import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.TaskOps;

/** Wires the coordination ops (agents, tasks, journal, stats, locks, messages, knowledge, approvals) to coord. */
final class CoordModule {
    private CoordModule() {}

    static void register(OpRouter router, Coord coord) {
        var agents = coord.agents();
        router.on(AgentOps.RegisterParams.class, agents::register)
                .on(AgentOps.ListParams.class, agents::list)
                .on(AgentOps.ShowParams.class, agents::show)
                .on(AgentOps.StatusParams.class, agents::status)
                .on(AgentOps.HeartbeatParams.class, agents::heartbeat)
                .on(AgentOps.DrainParams.class, agents::drain)
                .on(AgentOps.RemoveParams.class, agents::remove);
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
