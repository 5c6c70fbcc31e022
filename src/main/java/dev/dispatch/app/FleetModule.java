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
        router.on(FleetOps.SpawnExternalAgent.class, fleet::spawn)
                .on(FleetOps.ListExternalAgents.class, fleet::list)
                .on(FleetOps.PeekExternalAgent.class, fleet::peek)
                .on(FleetOps.SendToExternalAgent.class, fleet::send)
                .on(FleetOps.StopExternalAgent.class, fleet::stop)
                .on(FleetOps.AttachExternalAgent.class, fleet::attach)
                .on(FleetOps.ListConflicts.class, fleet::conflicts)
                .on(FleetOps.ReservePath.class, fleet::reservation)
                .on(FleetOps.ReportEdits.class, fleet::edited)
                .on(FleetOps.ExportFleet.class, fleet::export)
                .on(FleetOps.ImportFleet.class, fleet::importFleet)
                .on(PersonaOps.AddPersona.class, fleet::addPersona)
                .on(PersonaOps.ShowPersona.class, fleet::showPersona)
                .on(PersonaOps.ListPersonas.class, fleet::listPersonas)
                .on(PersonaOps.ShowPersonaHistory.class, fleet::personaHistory)
                .on(PersonaOps.RenderPersona.class, fleet::render);
        router.on(WorktreeOps.ListWorktrees.class, Worktrees::list)
                .on(WorktreeOps.DiffWorktree.class, Worktrees::diff)
                .on(WorktreeOps.MergeWorktree.class, Worktrees::merge)
                .on(WorktreeOps.RemoveWorktree.class, Worktrees::remove);
    }
}
