package dev.dispatch.app;

import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.TaskOps;

/** Wires the coordination ops (agents, tasks, journal, stats) to their coord services. */
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
    }
}
