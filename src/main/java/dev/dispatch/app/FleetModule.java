package dev.dispatch.app;

import dev.dispatch.fleet.Fleet;
import dev.dispatch.protocol.FleetOps;
import dev.dispatch.protocol.PersonaOps;
import dev.dispatch.protocol.WorktreeOps;
import dev.dispatch.worktree.Worktrees;

/** Wires the external-agent, persona, conflict, fleet-file and worktree ops to {@code fleet} and {@code worktree}. */
final class FleetModule {
    private FleetModule() {}

    static void register(OpRouter router, Fleet fleet) {
        router.on(FleetOps.SpawnParams.class, fleet::spawn)
                .on(FleetOps.ListParams.class, fleet::list)
                .on(FleetOps.PeekParams.class, fleet::peek)
                .on(FleetOps.SendParams.class, fleet::send)
                .on(FleetOps.StopParams.class, fleet::stop)
                .on(FleetOps.AttachParams.class, fleet::attach)
                .on(FleetOps.ConflictsParams.class, fleet::conflicts)
                .on(FleetOps.ReservationParams.class, fleet::reservation)
                .on(FleetOps.EditedParams.class, fleet::edited)
                .on(FleetOps.ExportParams.class, fleet::export)
                .on(FleetOps.ImportParams.class, fleet::importFleet)
                .on(PersonaOps.AddParams.class, fleet::addPersona)
                .on(PersonaOps.ShowParams.class, fleet::showPersona)
                .on(PersonaOps.ListParams.class, fleet::listPersonas)
                .on(PersonaOps.HistoryParams.class, fleet::personaHistory)
                .on(PersonaOps.RenderParams.class, fleet::render);
        router.on(WorktreeOps.ListParams.class, Worktrees::list)
                .on(WorktreeOps.DiffParams.class, Worktrees::diff)
                .on(WorktreeOps.MergeParams.class, Worktrees::merge)
                .on(WorktreeOps.RemoveParams.class, Worktrees::remove);
    }
}
