package dev.dispatch.bench;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.AgentSpec;
import dev.dispatch.agent.GateFactory;
import dev.dispatch.agent.ModelChoice;
import dev.dispatch.agent.Pricing;
import dev.dispatch.app.ProductionGates;
import dev.dispatch.bus.Bus;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import dev.dispatch.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Engine overhead of the agent loop (issue 5), with a provider that answers from memory instantly, so
 * the figures are the engine's own work without HTTP or the model. Everything runs through the real
 * {@link AgentRuntime} with the production permission gates (a PolicyGate whose decisions are committed
 * to the store) and an event {@link Bus} like the engine's.
 * <ol>
 *   <li>baseline: one durable single-row store commit;</li>
 *   <li>model turn (text answer, no tools): send to AgentFinished; heap after 100/500/1000 turns;</li>
 *   <li>tool call: model turns asking for 1 and for 8 calls of {@link ProbeTool}, timed from the events
 *       the loop publishes minus the tool's own stamped work ({@link ToolCallTimeline});</li>
 *   <li>the durable commits inside a tool call, called directly on the same store.</li>
 * </ol>
 * Run: {@code bench/agent-turn.sh [TURNS]}.
 */
public final class AgentTurnBench {
    static final int WARM_UP = 50;

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("agent-bench");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("src"));
        Dirs dirs = new Dirs(dir.resolve("data"), dir.resolve("config"), dir.resolve("run"), dir.resolve("state"));
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString());
        try (Store store = Store.open(dirs.data())) {
            long[] commits = commitBaseline(store);
            double commitMs = pct(commits, 50);
            Sessions sessions = new Sessions(store, InstantSource.system());
            Bus<Event> bus = new Bus<>();
            LinkedBlockingQueue<Event> finished = new LinkedBlockingQueue<>();
            bus.subscribe(e -> e instanceof RuntimeEvents.AgentFinished, finished::add);
            int toolInputs = Math.max(turns / 4, 20);
            ToolCallTimeline timeline = new ToolCallTimeline(20 * (WARM_UP + toolInputs) + 64);
            bus.subscribe(e -> true, timeline::onEvent);
            ProbeTool probe = new ProbeTool(8 * (WARM_UP + toolInputs) + 64);
            GateFactory gates = ProductionGates.of(dirs, env, store, bus);
            try (AgentRuntime rt = new AgentRuntime(
                    sessions, ToolRegistry.standardWith(List.of(probe)), gates, bus::publish, InstantSource.system())) {
                long[] turnNs = drive(rt, project, new ScriptProvider(0), finished, turns, Heap.SAMPLE);
                System.out.printf(
                        "baseline: one durable store commit            p50 %6.3f ms  p99 %6.3f ms  mean %6.3f ms"
                                + " (2,000 single-row MERGEs; ratios below are p50 / this p50)%n",
                        commitMs,
                        pct(commits, 99),
                        Arrays.stream(commits).average().orElse(0) / 1e6);
                System.out.printf(
                        "model turn (no tools), engine overhead        p50 %6.3f ms  p99 %6.3f ms  (%.1fx a commit; %d turns)"
                                + " target < 2 ms p50: %s%n",
                        pct(turnNs, 50),
                        pct(turnNs, 99),
                        pct(turnNs, 50) / commitMs,
                        turnNs.length - 1,
                        verdict(pct(turnNs, 50)));
                System.out.println(
                        "tool calls: a model turn asks for N bench_probe calls (ctx.require read through the production"
                                + " PolicyGate, decision logged); times are event arrival stamps in the real loop minus the tool's"
                                + " own stamped work");
                for (int calls : new int[] {1, 8}) {
                    ToolCallTimeline.Figures f = toolTurns(rt, project, calls, finished, timeline, probe, toolInputs);
                    reportTools(calls, f, commitMs);
                }
            }
            reportCommits(sessions, gates.forAgent("agt_direct", null, project), project, turns, commitMs);
        }
    }

    /** Inputs whose first model turn asks for {@code calls} probe calls; the warm-up inputs are not counted. */
    static ToolCallTimeline.Figures toolTurns(
            AgentRuntime rt,
            Path project,
            int calls,
            LinkedBlockingQueue<Event> finished,
            ToolCallTimeline timeline,
            ProbeTool probe,
            int inputs)
            throws InterruptedException {
        ScriptProvider p = new ScriptProvider(calls);
        drive(rt, project, p, finished, WARM_UP, Heap.SKIP);
        String agent = p.agentId;
        timeline.clear();
        probe.reset();
        for (int i = 0; i < inputs; i++) {
            rt.send(agent, "again " + i);
            awaitFinished(finished, agent);
        }
        return timeline.analyse(probe);
    }

    enum Heap {
        SAMPLE,
        SKIP
    }

    /** One agent, many inputs; times each input from send to AgentFinished. */
    static long[] drive(
            AgentRuntime rt, Path project, ScriptProvider p, LinkedBlockingQueue<Event> finished, int n, Heap heap)
            throws InterruptedException {
        ModelChoice model = new ModelChoice("bench", "bench-model", p, Pricing.FREE, 0);
        finished.clear();
        long t0 = System.nanoTime();
        var started = rt.start(new AgentSpec("bench", "go", project, "bench", model, 5, null, null));
        p.agentId = started.agentId();
        awaitFinished(finished, started.agentId());
        long[] ns = new long[n];
        ns[0] = System.nanoTime() - t0;
        for (int i = 1; i < n; i++) {
            long s = System.nanoTime();
            rt.send(started.agentId(), "again " + i);
            awaitFinished(finished, started.agentId());
            ns[i] = System.nanoTime() - s;
            if (heap == Heap.SAMPLE && (i == 99 || i == 499 || i == 999)) {
                System.gc();
                Runtime r = Runtime.getRuntime();
                System.out.printf(
                        "heap after %4d turns: %6.1f MB%n", i + 1, (r.totalMemory() - r.freeMemory()) / 1048576.0);
            }
        }
        return ns;
    }

    static void awaitFinished(LinkedBlockingQueue<Event> finished, String agentId) throws InterruptedException {
        while (true) {
            Event e = finished.poll(30, TimeUnit.SECONDS);
            if (e == null) throw new IllegalStateException("agent " + agentId + " did not finish within 30 s");
            if (e instanceof RuntimeEvents.AgentFinished f && f.agentId().equals(agentId)) {
                if (f.error() != null) throw new IllegalStateException("agent " + agentId + " failed: " + f.error());
                return;
            }
        }
    }

    static void reportTools(int calls, ToolCallTimeline.Figures f, double commitMs) {
        if (f.cycle().size() > 0) {
            System.out.printf(
                    "tool call, engine overhead (%d per turn)       p50 %6.3f ms  p99 %6.3f ms  (%.1fx a commit; %d calls)"
                            + " target < 2 ms p50: %s%n",
                    calls,
                    f.cycle().pct(50),
                    f.cycle().pct(99),
                    f.cycle().pct(50) / commitMs,
                    f.cycle().size(),
                    verdict(f.cycle().pct(50)));
            System.out.printf(
                    "  of which p50: started row + parse %6.3f | permission check %6.3f | result + event %6.3f"
                            + " | finished row %6.3f ms%n",
                    f.before().pct(50),
                    f.permission().pct(50),
                    f.after().pct(50),
                    f.finishing().pct(50));
        }
        System.out.printf(
                "tool boundary per call (%d per turn)          p50 %6.3f ms  p99 %6.3f ms  (TurnEnded -> next"
                        + " TurnStarted, minus own work, / %d; %d turns) target < 2 ms p50: %s%n",
                calls,
                f.boundary().pct(50),
                f.boundary().pct(99),
                calls,
                f.boundary().size(),
                verdict(f.boundary().pct(50)));
        System.out.printf(
                "  per turn p50: TurnEnded -> first call %6.3f ms | last ToolCallFinished -> next TurnStarted"
                        + " (finished row, results message stored, request built) %6.3f ms%n",
                f.head().pct(50), f.tail().pct(50));
    }

    /** The durable commits a tool call makes, called directly on the same store (p50 of {@code n}). */
    static void reportCommits(Sessions sessions, PermissionGate gate, Path project, int n, double commitMs) {
        String session = sessions.create("bench", project.toString(), "direct", "bench-model", "bench", null)
                .id();
        long[] started = new long[n], done = new long[n], asked = new long[n];
        PermissionRequest read =
                PermissionRequest.read(project.resolve("src"), "direct").fromTool("bench_probe");
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            sessions.toolCallStarted(session, "agt_direct", "direct_" + i, "bench_probe", "{\"path\":\"src\"}");
            long b = System.nanoTime();
            sessions.toolCallFinished(session, "direct_" + i, "looked at src", false, null);
            long c = System.nanoTime();
            gate.ask(read);
            long d = System.nanoTime();
            started[i] = b - a;
            done[i] = c - b;
            asked[i] = d - c;
        }
        System.out.printf(
                "durable commits in a tool call, called directly: tool_call started row p50 %6.3f ms,"
                        + " finished row %6.3f ms, permission check with its decision-log commit %6.3f ms%n",
                pct(started, 50), pct(done, 50), pct(asked, 50));
        System.out.printf(
                "  sum of the three p50s %.3f ms (%.1fx the baseline commit p50)%n",
                pct(started, 50) + pct(done, 50) + pct(asked, 50),
                (pct(started, 50) + pct(done, 50) + pct(asked, 50)) / commitMs);
    }

    static long[] commitBaseline(Store store) {
        store.write(c -> {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_baseline(id INT PRIMARY KEY, v VARCHAR)");
            return null;
        });
        long[] ns = new long[2000];
        for (int i = 0; i < ns.length; i++) {
            int id = i;
            long s = System.nanoTime();
            store.write(c -> {
                try (var ps = c.prepareStatement("MERGE INTO bench_baseline VALUES (?, ?)")) {
                    ps.setInt(1, id);
                    ps.setString(2, "x");
                    ps.executeUpdate();
                }
                return null;
            });
            ns[i] = System.nanoTime() - s;
        }
        return ns;
    }

    static String verdict(double p50Ms) {
        return p50Ms < 2.0 ? "met" : "NOT met";
    }

    static double pct(long[] ns, int p) {
        long[] s = Arrays.copyOfRange(ns, 1, ns.length); // the first includes start-up
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }
}
