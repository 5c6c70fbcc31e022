package dev.dispatch.protocol;

import dev.dispatch.protocol.Route.Access;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one route table of the daemon's JSON API, shared by the server (which matches requests to ops)
 * and the client (which turns ops into requests), so the two can never disagree. Every route is
 * documented in {@code docs/api.md}; {@code RoutesTest} fails when one is missing there.
 */
public final class Routes {
    private static final Routes STANDARD = standardTable();

    private final Map<Class<?>, Route> byOp;
    /** Built at the first {@link #match}: a client only turns ops into requests (a one-shot saves ~1 ms). */
    private volatile RouteIndex index;

    private Routes(Map<Class<?>, Route> byOp) {
        this.byOp = Collections.unmodifiableMap(new LinkedHashMap<>(byOp)); // in table order, for the index
    }

    /** The routes of every op the daemon serves. */
    public static Routes standard() {
        return STANDARD;
    }

    /** The route carrying ops of {@code type}, from the standard table. */
    public static Route of(Class<? extends Op<?>> type) {
        return STANDARD.route(type);
    }

    /** This table plus {@code extra} routes (tests and embedders add their own ops this way). */
    public Routes with(Route... extra) {
        Table t = new Table();
        for (Route r : byOp.values()) t.put(r);
        for (Route r : extra) t.put(r);
        return new Routes(t.byOp);
    }

    public Route route(Class<?> type) {
        Route r = byOp.get(type);
        if (r == null) throw EngineException.invalid(type.getSimpleName() + " has no daemon route");
        return r;
    }

    public boolean has(Class<?> type) {
        return byOp.containsKey(type);
    }

    public Collection<Route> all() {
        return byOp.values();
    }

    /** A matched request: the route and its decoded path parameters. */
    public record Match(Route route, Map<String, String> pathParams) {}

    /**
     * The route for {@code method} + raw {@code path}, or null; {@link #allowed} tells 404 from 405. A
     * literal segment beats a parameter ({@code /tasks/ready} over {@code /tasks/{id}}).
     */
    public Match match(String method, String path) {
        return index().match(method, path);
    }

    /** The methods some route accepts on {@code path}. */
    public List<String> allowed(String path) {
        return index().allowed(path);
    }

    private RouteIndex index() {
        RouteIndex i = index;
        if (i == null) index = i = new RouteIndex(byOp.values()); // a race builds two equal indexes: harmless
        return i;
    }

    /** A table being built: one route per op, one op per method and template. */
    private static final class Table {
        final Map<Class<?>, Route> byOp = new LinkedHashMap<>();
        private final Map<String, Route> byPath = new HashMap<>();

        void put(Route r) {
            Route other = byPath.putIfAbsent(r.toString(), r);
            if (other != null) {
                throw new IllegalStateException(
                        "two ops on " + r + ": " + other.op().getSimpleName() + ", " + r.op().getSimpleName());
            }
            if (byOp.putIfAbsent(r.op(), r) != null)
                throw new IllegalStateException("two routes for " + r.op().getSimpleName());
        }
    }

    private static Routes standardTable() {
        Table t = new Table();
        // The daemon itself.
        t.put(new Route(DaemonOps.Status.class, "GET", "/v1/daemon", Access.OPERATOR, null));
        t.put(new Route(DaemonOps.Stop.class, "POST", "/v1/daemon/stop", Access.OPERATOR, null));
        // In-process agents (sessions): operator only, an agent token never drives another agent's loop.
        t.put(new Route(SessionOps.StartAgent.class, "POST", "/v1/runtime/agents", Access.OPERATOR, null));
        t.put(new Route(SessionOps.ListAgents.class, "GET", "/v1/runtime/agents", Access.OPERATOR, null));
        t.put(new Route(
                SessionOps.SendInput.class, "POST", "/v1/runtime/agents/{agentId}/input", Access.OPERATOR, null));
        t.put(new Route(
                SessionOps.CancelAgent.class, "POST", "/v1/runtime/agents/{agentId}/cancel", Access.OPERATOR, null));
        t.put(new Route(
                SessionOps.InterruptTurn.class,
                "POST",
                "/v1/runtime/agents/{agentId}/interrupt",
                Access.OPERATOR,
                null));
        t.put(new Route(
                SessionOps.ReplyPermission.class, "POST", "/v1/permissions/{requestId}/reply", Access.OPERATOR, null));
        t.put(new Route(
                SessionOps.AnswerQuestion.class, "POST", "/v1/questions/{questionId}/answer", Access.OPERATOR, null));
        t.put(new Route(
                SessionOps.SwitchModel.class, "PATCH", "/v1/runtime/agents/{agentId}/model", Access.OPERATOR, null));
        t.put(new Route(SessionOps.LatestSession.class, "GET", "/v1/runtime/sessions/latest", Access.OPERATOR, null));
        // Recorded sessions (issue 23): ids are global, the space scopes list and search.
        String ss = "/v1/spaces/{space}/sessions";
        t.put(new Route(SessionBrowseOps.ListSessions.class, "GET", ss, Access.OPERATOR, null));
        t.put(new Route(SessionBrowseOps.SearchSessions.class, "GET", ss + "/search", Access.OPERATOR, null));
        t.put(new Route(SessionBrowseOps.ShowSession.class, "GET", ss + "/{sessionId}", Access.OPERATOR, null));
        t.put(new Route(
                SessionBrowseOps.RenameSession.class, "POST", ss + "/{sessionId}/rename", Access.OPERATOR, null));
        t.put(new Route(SessionBrowseOps.DeleteSession.class, "DELETE", ss + "/{sessionId}", Access.OPERATOR, null));
        t.put(new Route(SessionBrowseOps.ForkSession.class, "POST", ss + "/{sessionId}/fork", Access.OPERATOR, null));
        t.put(new Route(SessionBrowseOps.UndoTurn.class, "POST", ss + "/{sessionId}/undo", Access.OPERATOR, null));
        t.put(new Route(SessionBrowseOps.DiffSession.class, "GET", ss + "/{sessionId}/diff", Access.OPERATOR, null));
        t.put(new Route(SessionBrowseOps.SessionCost.class, "GET", ss + "/{sessionId}/cost", Access.OPERATOR, null));
        t.put(new Route(
                SessionBrowseOps.CompactSession.class, "POST", ss + "/{sessionId}/compact", Access.OPERATOR, null));
        t.put(new Route(
                SessionBrowseOps.ResumeSession.class, "POST", ss + "/{sessionId}/resume", Access.OPERATOR, null));
        // The workbench's header and task board.
        t.put(new Route(WorkbenchOps.DescribeWorkbench.class, "GET", "/v1/workbench", Access.OPERATOR, null));
        t.put(new Route(WorkbenchOps.ListTaskBoard.class, "GET", "/v1/spaces/{space}/board", Access.OPERATOR, null));
        // Models, keys, skills and the merged config (issue 8); cwd picks the project as a query param.
        t.put(new Route(ModelOps.ShowConfig.class, "GET", "/v1/config", Access.OPERATOR, null));
        t.put(new Route(ModelOps.ListModels.class, "GET", "/v1/models", Access.OPERATOR, null));
        t.put(new Route(ModelOps.ResolveModel.class, "GET", "/v1/models/resolve", Access.OPERATOR, null));
        t.put(new Route(ModelOps.ListKeys.class, "GET", "/v1/keys", Access.OPERATOR, null));
        t.put(new Route(ModelOps.EnableKey.class, "POST", "/v1/keys/{keyId}/enable", Access.OPERATOR, null));
        t.put(new Route(ModelOps.ListSkills.class, "GET", "/v1/skills", Access.OPERATOR, null));
        t.put(new Route(ModelOps.ShowSkill.class, "GET", "/v1/skills/{name}", Access.OPERATOR, null));
        // MCP servers as tools for Dispatch's agents (issue 21, client side)
        t.put(new Route(McpOps.ListMcpServers.class, "GET", "/v1/mcp/servers", Access.OPERATOR, null));
        t.put(new Route(McpOps.TrustMcpServer.class, "POST", "/v1/mcp/servers/{name}/trust", Access.OPERATOR, null));
        t.put(new Route(
                ModelOps.ResumeWaitingAgents.class, "POST", "/v1/runtime/resume-waiting", Access.OPERATOR, null));
        // Language servers of a project and their diagnostics (issue 24).
        t.put(new Route(LspOps.LspStatus.class, "GET", "/v1/lsp/status", Access.OPERATOR, null));
        t.put(new Route(LspOps.LspDiagnostics.class, "GET", "/v1/lsp/diagnostics", Access.OPERATOR, null));
        t.put(new Route(LspOps.LspRestart.class, "POST", "/v1/lsp/restart", Access.OPERATOR, null));
        // Permission rules and the decision log.
        t.put(new Route(PermissionOps.ListRules.class, "GET", "/v1/permissions/rules", Access.OPERATOR, null));
        t.put(new Route(PermissionOps.RevokeRule.class, "POST", "/v1/permissions/rules/revoke", Access.OPERATOR, null));
        t.put(new Route(PermissionOps.ListDecisions.class, "GET", "/v1/permissions/log", Access.OPERATOR, null));
        t.put(new Route(
                PermissionOps.ExplainPermission.class, "GET", "/v1/permissions/explain", Access.OPERATOR, null));
        CoordRoutes.add(t::put);
        FleetRoutes.add(t::put);
        return new Routes(t.byOp);
    }
}
