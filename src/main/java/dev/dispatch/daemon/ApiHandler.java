package dev.dispatch.daemon;

import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.DaemonOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.OpCodec;
import dev.dispatch.protocol.OpenApi;
import dev.dispatch.protocol.Route;
import dev.dispatch.protocol.Routes;
import dev.dispatch.protocol.SpecialRoutes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every request passes here, in this order: 1) Host and Origin checks (403 before anything else),
 * 2) health (the only unauthenticated route), 3) the token → caller, 4) metrics, MCP and the event stream,
 * 5) the route table → op → access and acting-agent checks → the engine. Each request is logged
 * (id, route template, status, duration, identity) and timed by route.
 */
final class ApiHandler extends Handler.Abstract {
    /** Optional header naming the agent a request acts as; it must agree with the token. */
    static final String AGENT_HEADER = "X-Dispatch-Agent";

    private final Routes routes;
    private final Engine engine;
    private final Authenticator auth;
    private final Guard guard;
    private final EventEndpoint events;
    private final McpEndpoint mcp;
    private final Metrics metrics;
    private final DaemonLog log;
    private final ServerConfig.Limits limits;
    private final Control control;
    private final String version;
    private final Semaphore inFlight;
    private final AtomicLong ids = new AtomicLong();
    /** The OpenAPI document of this daemon's routes, built on first request (it reflects over every op). */
    private volatile String openApi;

    ApiHandler(
            Routes routes,
            Engine engine,
            Authenticator auth,
            Guard guard,
            EventEndpoint events,
            McpEndpoint mcp,
            Metrics metrics,
            DaemonLog log,
            ServerConfig.Limits limits,
            Control control,
            String version) {
        this.routes = routes;
        this.engine = engine;
        this.auth = auth;
        this.guard = guard;
        this.events = events;
        this.mcp = mcp;
        this.metrics = metrics;
        this.log = log;
        this.limits = limits;
        this.control = control;
        this.version = version;
        this.inFlight = new Semaphore(limits.maxInFlight());
    }

    private String openApi() {
        String doc = openApi;
        if (doc == null) openApi = doc = OpenApi.document(routes, "v1");
        return doc;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long t0 = System.nanoTime();
        String rid = "req_" + Long.toString(ids.incrementAndGet(), 36);
        Exchange x = new Exchange(request, response, callback);
        String method = request.getMethod();
        String label = "unmatched";
        Caller caller = null;
        try {
            String path = request.getHttpURI().getPath();
            guard.checkHost(host(x));
            guard.checkOrigin(x.header(HttpHeader.ORIGIN));
            if (path.equals(SpecialRoutes.HEALTH)) {
                label = path;
                requireMethod(method, "GET", path);
                String degraded = control.degraded(); // the store cannot write (a full disk): say so
                x.json(
                        200,
                        degraded == null
                                ? Map.of("status", "ok", "version", version)
                                : Map.of("status", "degraded", "reason", degraded, "version", version));
            } else {
                Routes.Match early = routes.match(method, path);
                if (early != null) label = early.route().template(); // so refusals are counted by route too
                caller = auth.authenticate(x.header(HttpHeader.AUTHORIZATION));
                if (path.equals(SpecialRoutes.OPENAPI)) {
                    label = path;
                    requireMethod(method, "GET", path);
                    x.text(200, "application/json", openApi());
                } else if (path.equals(SpecialRoutes.METRICS)) {
                    label = path;
                    requireMethod(method, "GET", path);
                    x.text(200, "text/plain; version=0.0.4", metrics.render());
                } else if (path.equals(McpEndpoint.PATH)) {
                    label = path; // MCP over Streamable HTTP: Host, Origin and the token were checked above
                    mcp.serve(x, caller);
                } else if (path.equals(EventEndpoint.PATH)) {
                    label = path;
                    requireMethod(method, "GET", path);
                    events.serve(x, rid, caller);
                } else {
                    if (early == null) throw unmatched(method, path);
                    op(x, early, caller);
                }
            }
            x.succeed();
        } catch (ApiError e) {
            respondError(x, e.status(), e.code(), e.getMessage());
        } catch (EngineException e) {
            respondError(x, e.code().httpStatus(), e.code().wireName(), e.getMessage());
        } catch (IOException e) {
            x.status = 499; // the client went away mid-request; nothing to answer
            x.fail(e);
        } catch (RuntimeException | InterruptedException e) {
            log.error("internal_error", rid, e);
            respondError(
                    x, 500, ErrorCode.INTERNAL.wireName(), "internal error; see the daemon log (request " + rid + ")");
        } finally {
            long nanos = System.nanoTime() - t0;
            metrics.observe(label, x.status, nanos);
            log.request(rid, method, label, x.status, nanos, caller == null ? null : caller.label());
        }
        return true;
    }

    private void op(Exchange x, Routes.Match m, Caller caller) throws IOException {
        Route route = m.route();
        if (route.access() == Route.Access.OPERATOR && !caller.isOperator()) {
            throw new ApiError(
                    403,
                    "forbidden",
                    route + " is for the operator only; agent '" + caller.agent() + "' may not call it");
        }
        String actingAs = actingAs(x, caller);
        if (!inFlight.tryAcquire()) {
            throw new ApiError(
                    429,
                    "too_many_requests",
                    "more than " + limits.maxInFlight() + " requests in flight; retry shortly");
        }
        try {
            byte[] body = null;
            if (!"GET".equals(route.method()) && !"DELETE".equals(route.method())) {
                String ct = x.header(HttpHeader.CONTENT_TYPE);
                if (ct == null && x.request.getLength() == 0) ct = "application/json"; // empty body, nothing to sniff
                checkJson(ct);
                body = x.body(limits.maxBodyBytes());
            }
            Map<String, List<String>> query =
                    OpCodec.parseQuery(x.request.getHttpURI().getQuery());
            Op<?> op = OpCodec.decode(route, m.pathParams(), query, body, implied(route, caller, actingAs));
            // the journal shows events: the same rule as the event stream decides what the caller sees
            if (op instanceof CoordOps.ReadEvents p) op = EventScope.of(caller).narrow(p);
            checkActor(route, op, caller);
            Object result = run(op);
            // the engine's news (no space) is the operator's, as on the event stream
            if (result instanceof CoordOps.EventsResult r && !caller.isOperator())
                result = new CoordOps.EventsResult(
                        r.events().stream().filter(e -> e.space() != null).toList(), r.next());
            x.json(200, result);
        } finally {
            inFlight.release();
        }
    }

    private Object run(Op<?> op) {
        if (op instanceof DaemonOps.Status) return control.status();
        if (op instanceof DaemonOps.Stop) {
            control.requestStop();
            return dev.dispatch.protocol.Ack.ok(
                    "stopping: finishing in-flight requests, closing streams and the store");
        }
        return engine.submit(op);
    }

    /** The agent this request acts as: the token's agent, or for the operator the agent header (if any). */
    private static String actingAs(Exchange x, Caller caller) {
        String named = x.header(AGENT_HEADER);
        if (caller.isOperator()) return named == null || named.isBlank() ? null : named.strip();
        if (named != null && !named.strip().equals(caller.agent())) {
            throw new ApiError(
                    403,
                    "forbidden",
                    AGENT_HEADER + " '" + named.strip() + "' does not match the token's agent '" + caller.agent()
                            + "'");
        }
        return caller.agent();
    }

    /** Fields the request may leave out because the token says them: the acting agent and its space. */
    private static Map<String, String> implied(Route route, Caller caller, String actingAs) {
        Map<String, String> implied = new java.util.HashMap<>();
        if (route.actor() != null && actingAs != null) implied.put(route.actor(), actingAs);
        if (!caller.isOperator() && Actors.has(route.op(), "space")) implied.put("space", caller.space());
        return implied;
    }

    /** An agent token acts only as its own agent, in its own space; the operator may act for anyone. */
    private static void checkActor(Route route, Op<?> op, Caller caller) {
        if (caller.isOperator()) return;
        if (Actors.has(route.op(), "space")) {
            Object space = Actors.value(op, "space");
            if (space != null && !caller.space().equals(space)) {
                throw new ApiError(
                        403,
                        "forbidden",
                        "agent '" + caller.agent() + "' belongs to space '" + caller.space()
                                + "' and may not act in space '" + space + "'");
            }
        }
        if (route.actor() == null) return;
        Object named = Actors.value(op, route.actor());
        if (named != null && !caller.agent().equals(named)) {
            throw new ApiError(
                    403,
                    "forbidden",
                    "agent '" + caller.agent() + "' may not act as '" + named + "' (field '" + route.actor()
                            + "'); use that agent's own token");
        }
    }

    private void checkJson(String contentType) {
        try {
            guard.checkContentType(contentType);
        } catch (EngineException e) {
            throw new ApiError(415, "unsupported_media_type", e.getMessage());
        }
    }

    private ApiError unmatched(String method, String path) {
        List<String> allowed = routes.allowed(path);
        if (allowed.isEmpty())
            return new ApiError(404, "not_found", "no route " + method + " " + path + " (see docs/api.md)");
        return new ApiError(
                405, "method_not_allowed", path + " accepts " + String.join(", ", allowed) + ", not " + method);
    }

    private static void requireMethod(String method, String want, String path) {
        if (!want.equals(method))
            throw new ApiError(405, "method_not_allowed", path + " accepts " + want + ", not " + method);
    }

    private static String host(Exchange x) {
        String h = x.header(HttpHeader.HOST);
        if (h != null) return h;
        String authority = x.request.getHttpURI().getAuthority();
        return authority == null || authority.isEmpty() ? null : authority;
    }

    private void respondError(Exchange x, int status, String code, String message) {
        try {
            x.error(status, code, message);
            x.succeed();
        } catch (IOException | RuntimeException e) {
            x.fail(e);
        }
    }
}
