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
        put.accept(new Route(FleetOps.SpawnParams.class, "POST", "/v1/spaces/{space}/external", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.ListParams.class, "GET", "/v1/external", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.PeekParams.class, "GET", "/v1/external/{name}/pane", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.SendParams.class, "POST", "/v1/external/{name}/send", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.StopParams.class, "POST", "/v1/external/{name}/stop", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.AttachParams.class, "GET", "/v1/external/{name}/attach", Access.OPERATOR, null));
        put.accept(
                new Route(FleetOps.ConflictsParams.class, "GET", "/v1/spaces/{space}/conflicts", Access.AGENT, null));
        put.accept(new Route(
                FleetOps.ReservationParams.class, "GET", "/v1/spaces/{space}/reservation", Access.AGENT, "agent"));
        put.accept(new Route(FleetOps.EditedParams.class, "POST", "/v1/spaces/{space}/edits", Access.AGENT, "agent"));
        put.accept(new Route(FleetOps.ExportParams.class, "GET", "/v1/spaces/{space}/fleet", Access.OPERATOR, null));
        put.accept(new Route(FleetOps.ImportParams.class, "POST", "/v1/spaces/{space}/fleet", Access.OPERATOR, null));
        put.accept(new Route(PersonaOps.AddParams.class, "POST", "/v1/personas/{name}", Access.OPERATOR, null));
        put.accept(new Route(PersonaOps.ListParams.class, "GET", "/v1/personas", Access.AGENT, null));
        put.accept(new Route(PersonaOps.ShowParams.class, "GET", "/v1/personas/{name}", Access.AGENT, null));
        put.accept(new Route(PersonaOps.HistoryParams.class, "GET", "/v1/personas/{name}/history", Access.AGENT, null));
        put.accept(
                new Route(PersonaOps.RenderParams.class, "GET", "/v1/spaces/{space}/ignition", Access.OPERATOR, null));
        put.accept(new Route(WorktreeOps.ListParams.class, "GET", "/v1/worktrees", Access.OPERATOR, null));
        put.accept(new Route(WorktreeOps.DiffParams.class, "GET", "/v1/worktrees/{name}/diff", Access.OPERATOR, null));
        put.accept(
                new Route(WorktreeOps.MergeParams.class, "POST", "/v1/worktrees/{name}/merge", Access.OPERATOR, null));
        put.accept(new Route(WorktreeOps.RemoveParams.class, "DELETE", "/v1/worktrees/{name}", Access.OPERATOR, null));
    }
}
