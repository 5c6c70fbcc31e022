package dev.dispatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.DaemonJvm;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.TaskOps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * claim → complete cycles/s over HTTP (loopback TCP, keep-alive) from C concurrent clients, each an
 * agent with its own token, against a real {@code dispatch daemon run} process; double claims are
 * counted, not assumed. Baseline in the same run: the same cycles in-process with C threads on a
 * store of its own. Usage: DaemonHttpBench [tasks] [clients]
 */
public final class DaemonHttpBench {
    private DaemonHttpBench() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        long[] inCpu = new long[1];
        double inProcess = inProcess(tasks, clients, inCpu);
        Path home = Files.createTempDirectory(Path.of("/tmp"), "bh-");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Process daemon = DaemonSseBench.Daemons.start("dev.dispatch.Main", home, dirs, "--port", "0");
        try {
            long rssStarted = DaemonSseBench.rssKb(daemon.pid());
            String op = Files.readString(dirs.operatorToken()).strip();
            String base = "http://127.0.0.1:" + DaemonInfo.read(dirs.runtime()).port() + "/v1/spaces/bench";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                JsonNode r = post(http, base + "/agents", op, "{\"name\":\"w" + i + "\",\"maxConcurrent\":10}");
                tokens.add(r.get("token").asText());
            }
            enqueue(http, base, op, tasks, clients);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger doubles = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            long daemonCpu0 = cpuNanos(daemon.toHandle());
            long clientCpu0 = cpuNanos(ProcessHandle.current());
            long start = System.nanoTime();
            for (String token : tokens) {
                workers.add(Thread.ofPlatform().start(() -> {
                    HttpClient mine = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    try {
                        while (true) {
                            JsonNode c = post(mine, base + "/tasks/next", token, "{}");
                            if (c == null) return; // 404 nothing_to_do: the queue is empty
                            String id = c.path("task").path("id").asText();
                            if (!seen.add(id)) doubles.incrementAndGet();
                            post(mine, base + "/tasks/" + id + "/complete", token,
                                    "{\"lease\":\"" + c.get("lease").asText() + "\"}");
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : workers) t.join();
            double secs = (System.nanoTime() - start) / 1e9;
            double overHttp = seen.size() / secs;
            double daemonUs = (cpuNanos(daemon.toHandle()) - daemonCpu0) / 1e3 / seen.size();
            double clientUs = (cpuNanos(ProcessHandle.current()) - clientCpu0) / 1e3 / seen.size();
            double inUs = inCpu[0] / 1e3 / tasks;
            System.out.printf("in-process  claim->complete: %8.0f cycles/s (%d threads)%n", inProcess, clients);
            System.out.printf("over HTTP   claim->complete: %8.0f cycles/s (%d clients, %d tasks, %d double claims)%n",
                    overHttp, clients, seen.size(), doubles.get());
            long rssLoaded = DaemonSseBench.rssKb(daemon.pid());
            Thread.sleep(REST_MS); // idle: what the daemon keeps once the load is gone
            long rssRest = DaemonSseBench.rssKb(daemon.pid());
            System.out.printf("ratio HTTP / in-process: %.2f%n", overHttp / inProcess);
            System.out.printf("daemon RSS: %d MiB started, %d MiB after the load, %d MiB after %d s idle (JVM options: %s)%n",
                    rssStarted / 1024, rssLoaded / 1024, rssRest / 1024, REST_MS / 1000, daemonOptions());
            // CPU per cycle is steadier than cycles/s on a shared machine: the daemon's share over the
            // in-process engine's is what HTTP, auth, codec and logging cost; the client's is the bench's own.
            System.out.printf("CPU per cycle: in-process %.0f us; daemon %.0f us (%.2fx in-process); bench clients %.0f us%n",
                    inUs, daemonUs, daemonUs / inUs, clientUs);
            post(http, "http://127.0.0.1:" + DaemonInfo.read(dirs.runtime()).port() + "/v1/daemon/stop", op, "{}");
            daemon.waitFor();
        } finally {
            daemon.destroyForcibly();
        }
    }

    private static void enqueue(HttpClient http, String base, String token, int tasks, int clients) throws Exception {
        List<Thread> ts = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int c = 0; c < clients; c++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                        post(http, base + "/tasks", token, "{\"title\":\"t" + i + "\",\"priority\":" + (i % 5) + "}");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : ts) t.join();
    }

    /** POSTs JSON; the answer, or null for 404 (nothing to do); any other status is a failure. */
    static JsonNode post(HttpClient http, String url, String token, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) return null;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " → " + r.statusCode() + " " + new String(r.body()));
        return Json.mapper().readTree(r.body());
    }

    /** How long the bench leaves the daemon idle before reading its RSS at rest ({@code REST_SECONDS}). */
    private static final long REST_MS = 1000L * Integer.parseInt(System.getenv().getOrDefault("REST_SECONDS", "45"));

    private static String daemonOptions() {
        String extra = System.getenv("DAEMON_JAVA_OPTS");
        return String.join(" ", DaemonJvm.options(System.getenv())) + (extra == null ? "" : " " + extra.strip());
    }

    /** CPU time used so far by a process (all its threads), in ns. */
    static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static double inProcess(int tasks, int threads, long[] cpu) throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "bi-");
        try (Engine e = Engines.local(Dirs.resolve(Map.of("DISPATCH_HOME", home.toString())))) {
            for (int i = 0; i < threads; i++) e.submit(new AgentOps.RegisterParams("bench", "w" + i, null, null, null, 10, 60));
            for (int i = 0; i < tasks; i++) {
                e.submit(new TaskOps.AddParams("bench", "t" + i, null, null, i % 5, null, null, null, null, null, null));
            }
            AtomicInteger done = new AtomicInteger();
            List<Thread> ws = new ArrayList<>();
            long cpu0 = cpuNanos(ProcessHandle.current());
            long start = System.nanoTime();
            for (int w = 0; w < threads; w++) {
                String agent = "w" + w;
                ws.add(Thread.ofPlatform().start(() -> {
                    while (true) {
                        TaskOps.ClaimResult c;
                        try {
                            c = e.submit(new TaskOps.NextParams("bench", agent, null));
                        } catch (EngineException nothing) {
                            return;
                        }
                        e.submit(new TaskOps.CompleteParams("bench", c.task().id(), c.lease(), null));
                        done.incrementAndGet();
                    }
                }));
            }
            for (Thread t : ws) t.join();
            double rate = done.get() / ((System.nanoTime() - start) / 1e9);
            cpu[0] = cpuNanos(ProcessHandle.current()) - cpu0;
            return rate;
        }
    }
}
