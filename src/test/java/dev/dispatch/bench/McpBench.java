package dev.dispatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cost of MCP on a claim: {@code task_next} as an MCP tool call over Streamable HTTP (the daemon's
 * /mcp) and over stdio (a {@code dispatch mcp serve} process, which reaches the daemon over its Unix
 * socket), against the same claim over the REST API ({@code POST …/tasks/next}), one agent, against one
 * real {@code dispatch daemon run} process, the three interleaved call by call so machine drift falls on
 * all alike. Each timed claim is completed over REST, untimed. Then 50 MCP sessions (one agent each)
 * are opened and held by the daemon: its RSS before and after, and every session used at once for 10
 * claim → complete cycles through MCP tools.
 * Usage: McpBench [SAMPLES] [SESSIONS]
 */
public final class McpBench {
    private static final String BASE = "/v1/spaces/bench";
    private static final String MCP_HEADERS =
            "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2025-11-25\r\n";

    private McpBench() {}

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int warmup = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "2000"));
        Path home = Files.createTempDirectory(Path.of("/tmp"), "bm-");
        Dirs dirs = Dirs.resolve(java.util.Map.of("DISPATCH_HOME", home.toString()));
        Process daemon = DaemonSseBench.Daemons.start("dev.dispatch.Main", home, dirs, "--port", "0");
        Process stdio = null;
        try {
            String op = Files.readString(dirs.operatorToken()).strip();
            int port = DaemonInfo.read(dirs.runtime()).port();
            String token;
            try (KeepAliveClient operator = new KeepAliveClient(port, op)) {
                token = ok(operator.post(BASE + "/agents", "{\"name\":\"w\"}"))
                        .get("token")
                        .asText();
                int total = 3 * (warmup + samples);
                for (int i = 0; i < total; i++) ok(operator.post(BASE + "/tasks", "{\"title\":\"t" + i + "\"}"));
            }
            stdio = stdioServer(home, token);
            try (KeepAliveClient rest = new KeepAliveClient(port, token);
                    KeepAliveClient mcp = new KeepAliveClient(port, token)) {
                String session = initialize(mcp);
                var out = stdio.getOutputStream();
                var in = new BufferedReader(new InputStreamReader(stdio.getInputStream(), StandardCharsets.UTF_8));
                line(out, initRequest());
                JsonNode hello = Json.mapper().readTree(in.readLine());
                if (!hello.at("/result/protocolVersion").isTextual())
                    throw new IllegalStateException("stdio: " + hello);
                line(out, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                long[] r = new long[samples], h = new long[samples], s = new long[samples];
                for (int i = 0; i < warmup + samples; i++) {
                    long t0 = System.nanoTime();
                    JsonNode c = ok(rest.post(BASE + "/tasks/next", "{}"));
                    long t1 = System.nanoTime();
                    complete(rest, c);
                    long t2 = System.nanoTime();
                    JsonNode m = mcpCall(mcp, session, i);
                    long t3 = System.nanoTime();
                    complete(rest, m);
                    long t4 = System.nanoTime();
                    line(out, call(i));
                    JsonNode sc = Json.mapper().readTree(in.readLine()).at("/result/structuredContent");
                    long t5 = System.nanoTime();
                    if (sc.isMissingNode()) throw new IllegalStateException("stdio claim failed");
                    complete(rest, sc);
                    if (i >= warmup) {
                        r[i - warmup] = t1 - t0;
                        h[i - warmup] = t3 - t2;
                        s[i - warmup] = t5 - t4;
                    }
                }
                Arrays.sort(r);
                Arrays.sort(h);
                Arrays.sort(s);
                System.out.printf(
                        "claim round trip, %d samples each after %d warm-up, interleaved:%n", samples, warmup);
                System.out.printf("  REST  POST tasks/next   p50 %.3f ms  p99 %.3f ms%n", ms(r, 50), ms(r, 99));
                System.out.printf(
                        "  MCP   Streamable HTTP   p50 %.3f ms  p99 %.3f ms  overhead p50 %+.3f ms (%.2fx)%n",
                        ms(h, 50), ms(h, 99), ms(h, 50) - ms(r, 50), ms(h, 50) / ms(r, 50));
                System.out.printf(
                        "  MCP   stdio (mcp serve -> socket -> daemon)  p50 %.3f ms  p99 %.3f ms  overhead p50 %+.3f ms"
                                + " (%.2fx)%n",
                        ms(s, 50), ms(s, 99), ms(s, 50) - ms(r, 50), ms(s, 50) / ms(r, 50));
                System.out.printf("  target: overhead <= 2 ms%n");
            }
            held(port, op, daemon, sessions);
        } finally {
            if (stdio != null) stdio.destroyForcibly();
            daemon.destroyForcibly();
        }
    }

    /** Opens {@code n} sessions of n agents, measures the daemon's RSS, uses all at once, ends them. */
    private static void held(int port, String op, Process daemon, int n) throws Exception {
        List<String> tokens = new ArrayList<>();
        try (KeepAliveClient operator = new KeepAliveClient(port, op)) {
            for (int i = 0; i < n; i++) {
                tokens.add(ok(operator.post(BASE + "/agents", "{\"name\":\"s" + i + "\"}"))
                        .get("token")
                        .asText());
                for (int k = 0; k < 20; k++) ok(operator.post(BASE + "/tasks", "{\"title\":\"h" + i + "-" + k + "\"}"));
            }
        }
        System.gc();
        long before = DaemonSseBench.rssKb(daemon.pid());
        List<KeepAliveClient> clients = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String t : tokens) {
            KeepAliveClient c = new KeepAliveClient(port, t);
            clients.add(c);
            ids.add(initialize(c));
        }
        long opened = DaemonSseBench.rssKb(daemon.pid());
        AtomicInteger claims = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            KeepAliveClient c = clients.get(i);
            String id = ids.get(i);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int k = 0; k < 10; k++) {
                        JsonNode m = mcpCall(c, id, 2 * k);
                        if (!m.has("lease")) throw new IllegalStateException("claim refused: " + m);
                        JsonNode done = ok(c.post(
                                "/mcp",
                                "{\"jsonrpc\":\"2.0\",\"id\":" + (2 * k + 1) + ",\"method\":\"tools/call\",\"params\":"
                                        + "{\"name\":\"task_complete\",\"arguments\":{\"id\":\""
                                        + m.at("/task/id").asText()
                                        + "\",\"lease\":\"" + m.get("lease").asText() + "\"}}}",
                                MCP_HEADERS + "Mcp-Session-Id: " + id + "\r\n"));
                        if (done.at("/result/isError").asBoolean(true))
                            throw new IllegalStateException("complete: " + done);
                        claims.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        long used = DaemonSseBench.rssKb(daemon.pid());
        System.out.printf(
                "%d MCP sessions held (one agent each): daemon RSS %d MiB before, %d MiB with them open, %d MiB after"
                        + " %d claim+complete cycles through all of them at once (%.0f cycles/s, %d sessions held)%n",
                n, before / 1024, opened / 1024, used / 1024, claims.get(), claims.get() / secs, n);
        for (int i = 0; i < n; i++) clients.get(i).close();
    }

    private static Process stdioServer(Path home, String token) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), "dev.dispatch.Main", "mcp", "serve")
                .redirectError(home.resolve("stdio.err").toFile());
        pb.environment().put("DISPATCH_HOME", home.toString());
        pb.environment().put("DISPATCH_AGENT_TOKEN", token);
        return pb.start();
    }

    private static String initRequest() {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
    }

    private static String call(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (id + 1)
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"task_next\"," + "\"arguments\":{}}}";
    }

    private static String initialize(KeepAliveClient c) throws Exception {
        ok(c.post("/mcp", initRequest(), MCP_HEADERS));
        String id = c.sessionId;
        KeepAliveClient.Response r = c.post(
                "/mcp",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                MCP_HEADERS + "Mcp-Session-Id: " + id + "\r\n");
        if (r.status() != 202) throw new IllegalStateException("initialized: " + r.status());
        return id;
    }

    /** task_next as an MCP tool call: the structured answer (task, lease). */
    private static JsonNode mcpCall(KeepAliveClient c, String session, int id) throws Exception {
        JsonNode r = ok(c.post("/mcp", call(id), MCP_HEADERS + "Mcp-Session-Id: " + session + "\r\n"));
        return r.at("/result/structuredContent");
    }

    private static void complete(KeepAliveClient rest, JsonNode claim) throws Exception {
        ok(rest.post(
                BASE + "/tasks/" + claim.at("/task/id").asText() + "/complete",
                "{\"lease\":\"" + claim.get("lease").asText() + "\"}"));
    }

    private static void line(OutputStream out, String json) throws Exception {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static double ms(long[] sorted, int pct) {
        return sorted[Math.min(sorted.length - 1, sorted.length * pct / 100)] / 1e6;
    }

    private static JsonNode ok(KeepAliveClient.Response r) throws Exception {
        if (r.status() != 200) throw new IllegalStateException("daemon answered " + r.status() + " " + r.body());
        return Json.mapper().readTree(r.body());
    }
}
