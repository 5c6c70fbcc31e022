package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.TaskOps;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP's Streamable HTTP transport at /mcp on a real daemon with the real engine, over raw loopback
 * sockets: every refusal (no token, wrong token, foreign Origin, DNS-rebinding Host, someone else's
 * session) happens before any tool runs, proven by the task list staying empty; version negotiation;
 * the session life cycle (202 for notifications, 400/404 for missing or unknown sessions, DELETE).
 */
class McpHttpTest {
    static Path home;
    static Daemon daemon;
    static RemoteEngine operator;
    static String alice;
    static String bob;

    private static final String SPACE = "m";
    private static final String ADD_TASK = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"task_add\",\"arguments\":{\"title\":\"must not exist\"}}}";
    private static final Pattern SESSION = Pattern.compile("(?im)^Mcp-Session-Id:\\s*(\\S+)");

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "mh-");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        operator = Daemons.find(dirs, Map.of()).orElseThrow();
        alice = register("alice");
        bob = register("bob");
    }

    private static String register(String name) {
        return operator.submit(new AgentOps.RegisterAgent(SPACE, name, null, null, null, null, null))
                .token();
    }

    @AfterAll
    static void stop() throws Exception {
        operator.close();
        daemon.stop();
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static long tasks() {
        return operator.submit(new TaskOps.ListTasks(SPACE, null, null, null, null)).tasks().stream()
                .filter(t -> t.status() != TaskOps.Status.cancelled) // the one task a test adds on purpose is cancelled
                .count();
    }

    private static String headers(String token, String session, String extra) {
        StringBuilder h =
                new StringBuilder("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n");
        if (token != null) h.append("Authorization: Bearer ").append(token).append("\r\n");
        if (session != null) h.append("Mcp-Session-Id: ").append(session).append("\r\n");
        return h.append(extra).toString();
    }

    private static RawHttp.Reply post(String host, String headers, String body) throws Exception {
        return RawHttp.send(daemon.port(), RawHttp.request("POST", "/mcp", host, headers, body));
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }

    /** A fresh initialized session for {@code token}: its id. */
    private static String session(String token) throws Exception {
        RawHttp.Reply r = post("localhost", headers(token, null, ""), initialize("2025-11-25"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Matcher m = SESSION.matcher(r.head());
        assertThat(m.find()).as("Mcp-Session-Id in %s", r.head()).isTrue();
        return m.group(1);
    }

    private static JsonNode json(RawHttp.Reply r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void refusalsHappenBeforeAnyToolRuns() throws Exception {
        String s = session(alice);
        String local = "127.0.0.1:" + daemon.port();
        record Case(String what, String host, String headers, int status) {}
        for (Case c : new Case[] {
            new Case("no token", local, headers(null, s, ""), 401),
            new Case("wrong token", local, headers("dsp_not-a-real-token", s, ""), 401),
            new Case("bob's token on alice's session", local, headers(bob, s, ""), 403),
            new Case("foreign Origin", local, headers(alice, s, "Origin: http://evil.example\r\n"), 403),
            new Case(
                    "loopback Origin on another port", local, headers(alice, s, "Origin: http://localhost:1\r\n"), 403),
            new Case("null Origin", local, headers(alice, s, "Origin: null\r\n"), 403),
            new Case("DNS-rebinding Host", "evil.example:" + daemon.port(), headers(alice, s, ""), 403),
            new Case("Host with a loopback prefix", "127.0.0.1.evil.example", headers(alice, s, ""), 403),
            new Case("no Host", null, headers(alice, s, ""), 400),
        }) {
            RawHttp.Reply r = post(c.host(), c.headers(), ADD_TASK);
            if (c.status() == 400) assertThat(r.status()).as(c.what()).isIn(400, 403);
            else assertThat(r.status()).as(c.what() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.body()).as(c.what()).doesNotContain("\"result\"");
            assertThat(tasks()).as("%s ran no tool", c.what()).isZero();
        }
        // the same request, properly sent, does run: the refusals above were the checks, not a broken call
        RawHttp.Reply ok = post(local, headers(alice, s, ""), ADD_TASK);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).at("/result/isError").asBoolean()).isFalse();
        assertThat(tasks()).isEqualTo(1L);
        operator.submit(new TaskOps.CancelTask(
                SPACE, json(ok).at("/result/structuredContent/task/id").asText()));
    }

    @Test
    void initializeWithoutATokenOpensNoSession() throws Exception {
        RawHttp.Reply r = post("localhost", headers(null, null, ""), initialize("2025-11-25"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.head()).doesNotContainIgnoringCase("Mcp-Session-Id");
        RawHttp.Reply evil = post("evil.example", headers(alice, null, ""), initialize("2025-11-25"));
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.head()).doesNotContainIgnoringCase("Mcp-Session-Id");
    }

    @Test
    void versionsAreNegotiated() throws Exception {
        for (String[] c : new String[][] {
            {"2025-11-25", "2025-11-25"},
            {"2025-06-18", "2025-06-18"},
            {"2025-03-26", "2025-03-26"},
            {"2024-11-05", "2025-11-25"},
            {"1999-01-01", "2025-11-25"},
            {"not a version", "2025-11-25"},
        }) {
            RawHttp.Reply r = post("localhost", headers(alice, null, ""), initialize(c[0]));
            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r).at("/result/protocolVersion").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(json(r).at("/result/serverInfo/name").asText()).isEqualTo("dispatch");
        }
        String s = session(alice);
        RawHttp.Reply bad = post("localhost", headers(alice, s, "MCP-Protocol-Version: 2099-01-01\r\n"), ADD_TASK);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("2099-01-01").contains("2025-11-25");
        assertThat(tasks()).isZero();
    }

    @Test
    void sessionLifeCycle() throws Exception {
        String s = session(alice);
        String note = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
        assertThat(post("localhost", headers(alice, s, ""), note).status()).isEqualTo(202);
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        RawHttp.Reply tools = post("localhost", headers(alice, s, ""), list);
        assertThat(json(tools).at("/result/tools").size()).isEqualTo(21);
        RawHttp.Reply missing = post("localhost", headers(alice, null, ""), list);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("Mcp-Session-Id");
        assertThat(post("localhost", headers(alice, "0123abcd", ""), list).status())
                .isEqualTo(404);
        // SSE answer when the client accepts only an event stream
        RawHttp.Reply sse = post(
                "localhost",
                headers(alice, s, "")
                        .replace("Accept: application/json, text/event-stream", "Accept: text/event-stream"),
                list);
        assertThat(sse.head()).containsIgnoringCase("text/event-stream");
        assertThat(sse.body()).contains("event: message").contains("\"tools\"");
        // GET (no server stream) and DELETE
        RawHttp.Reply get =
                RawHttp.send(daemon.port(), RawHttp.request("GET", "/mcp", "localhost", headers(alice, s, ""), null));
        assertThat(get.status()).isEqualTo(405);
        RawHttp.Reply del =
                RawHttp.send(daemon.port(), RawHttp.request("DELETE", "/mcp", "localhost", headers(bob, s, ""), null));
        assertThat(del.status()).as("bob cannot end alice's session").isEqualTo(403);
        del = RawHttp.send(daemon.port(), RawHttp.request("DELETE", "/mcp", "localhost", headers(alice, s, ""), null));
        assertThat(del.status()).isEqualTo(204);
        assertThat(post("localhost", headers(alice, s, ""), list).status()).isEqualTo(404);
    }

    @Test
    void toolErrorsNameTheBadValueAndChangeNothing() throws Exception {
        String s = session(alice);
        String[][] cases = {
            {
                "{\"name\":\"task_add\",\"arguments\":{\"title\":\"x\",\"priority\":\"high\"}}",
                "'priority' must be an integer, got \"high\""
            },
            {
                "{\"name\":\"task_add\",\"arguments\":{\"title\":\"x\",\"space\":\"other\"}}",
                "may not act in space 'other'"
            },
            {"{\"name\":\"task_add\",\"arguments\":{\"title\":\"x\",\"colour\":1}}", "unknown argument 'colour'"},
            {"{\"name\":\"task_add\",\"arguments\":{}}", "argument 'title' is required"},
            {"{\"name\":\"task_add\",\"arguments\":[1]}", "arguments must be an object"},
            {
                "{\"name\":\"msg_send\",\"arguments\":{\"to\":\"bob\",\"text\":\"x\",\"agent\":\"bob\"}}",
                "may not act as 'bob'"
            },
            {"{\"name\":\"agent_register\",\"arguments\":{\"name\":\"mallory\"}}", "for the operator only"},
        };
        for (String[] c : cases) {
            RawHttp.Reply r = post(
                    "localhost",
                    headers(alice, s, ""),
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":" + c[0] + "}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r).at("/result/isError").asBoolean()).as(c[0]).isTrue();
            assertThat(json(r).at("/result/content/0/text").asText()).as(c[0]).contains(c[1]);
        }
        assertThat(tasks()).isZero();
        assertThat(operator.submit(new AgentOps.ListRegisteredAgents(SPACE)).agents())
                .extracting(AgentOps.AgentView::name)
                .containsExactlyInAnyOrder("alice", "bob");
        RawHttp.Reply unknown = post(
                "localhost",
                headers(alice, s, ""),
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"rm_rf\"}}");
        assertThat(json(unknown).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(json(unknown).at("/error/message").asText()).contains("rm_rf");
        RawHttp.Reply garbage = post("localhost", headers(alice, s, ""), "{not json");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(json(garbage).at("/error/code").asInt()).isEqualTo(-32700);
    }
}
