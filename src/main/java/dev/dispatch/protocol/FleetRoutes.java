package dev.dispatch.protocol;

import dev.dispatch.protocol.Route.Access;
import java.util.function.Consumer;

/**
 * The external-agent, worktree, conflict and fleet-file part of the route table. External agents are
 * named across spaces (one tmux session per name), so their routes take the space as an optional query
 * parameter; worktree routes take the repository as {@code project}. Starting, stopping and talking to
 * agents, and changing worktrees or personas, are the operator's; agents may read conflicts and personas.
 */
final class FleetRoutes {
    private FleetRoutes() {}

    static void add(Consumer<Route> put) {
        put.accept(new Route(
                FleetOps.SpawnExternalAgent.class, "POST", "/v1/spaces/{space}/external", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.ListExternalAgents.class, "GET", "/v1/external", Access.OPERATOR, null));
        put.accept(
                new Route(FleetOps.PeekExternalAgent.class, "GET", "/v1/external/{name}/pane", Access.OPERATOR, null));
        put.accept(new Route(
                FleetOps.SendToExternalAgent.class, "POST", "/v1/external/{name}/send", Access.OPERATOR, null));
        put.accept(
                new Route(FleetOps.StopExternalAgent.class, "POST", "/v1/external/{name}/stop", Access.OPERATOR, null));
        put.accept(new Route(
                FleetOps.AttachExternalAgent.class, "GET", "/v1/external/{name}/attach", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.ListConflicts.class, "GET", "/v1/spaces/{space}/conflicts", Access.AGENT, null));
        put.accept(
                new Route(FleetOps.ReservePath.class, "GET", "/v1/spaces/{space}/reservation", Access.AGENT, "agent"));
        put.accept(new Route(FleetOps.ReportEdits.class, "POST", "/v1/spaces/{space}/edits", Access.AGENT, "agent"));
        put.accept(new Route(FleetOps.ExportFleet.class, "GET", "/v1/spaces/{space}/fleet", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.ImportFleet.class, "POST", "/v1/spaces/{space}/fleet", Access.OPERATOR, null));
        put.accept(new Route(PersonaOps.AddPersona.class, "POST", "/v1/personas/{name}", Access.OPERATOR, null));
        put.accept(new Route(PersonaOps.ListPersonas.class, "GET", "/v1/personas", Access.AGENT, null));
        put.accept(new Route(PersonaOps.ShowPersona.class, "GET", "/v1/personas/{name}", Access.AGENT, null));
        put.accept(new Route(
                PersonaOps.ShowPersonaHistory.class, "GET", "/v1/personas/{name}/history", Access.AGENT, null));
        put.accept(
                new Route(PersonaOps.RenderPersona.class, "GET", "/v1/spaces/{space}/ignition", Access.OPERATOR, null));
        put.accept(new Route(WorktreeOps.ListWorktrees.class, "GET", "/v1/worktrees", Access.OPERATOR, null));
        put.accept(
                new Route(WorktreeOps.DiffWorktree.class, "GET", "/v1/worktrees/{name}/diff", Access.OPERATOR, null));
        put.accept(new Route(
                WorktreeOps.MergeWorktree.class, "POST", "/v1/worktrees/{name}/merge", Access.OPERATOR, null));
        put.accept(
                new Route(WorktreeOps.RemoveWorktree.class, "DELETE", "/v1/worktrees/{name}", Access.OPERATOR, null));
    }
}
