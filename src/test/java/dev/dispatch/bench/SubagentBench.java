package dev.dispatch.bench;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.AgentSpec;
import dev.dispatch.agent.GateFactory;
import dev.dispatch.agent.ModelChoice;
import dev.dispatch.agent.Placement;
import dev.dispatch.agent.Pricing;
import dev.dispatch.app.ProductionGates;
import dev.dispatch.bus.Bus;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.SubagentLimits;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.OllamaProbe;
import dev.dispatch.provider.Provider;
import dev.dispatch.provider.Providers;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import dev.dispatch.tool.ToolRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20's bench: N (100) child agents of one root, all at once, against the scripted model server
 * (real HTTP, a conversation per child routed by its task), through the real {@link AgentRuntime}
 * with production permission gates. Each child runs TURNS model turns (a list_files call each, then
 * a final answer). Reports, as ratios to one child alone in the same run: the process CPU per model
 * turn (the engine's overhead, the in-JVM scripted server included on both sides) and each child's
 * wall time per turn; then the heap each idle agent holds (N idle root agents vs one).
 */
public final class SubagentBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("subagent-bench");
        Path project = Files.createDirectories(dir.resolve("project"));
        Dirs dirs = new Dirs(dir.resolve("data"), dir.resolve("config"), dir.resolve("run"), dir.resolve("state"));
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString());
        try (Store store = Store.open(dirs.data());
                ScriptedModelServer server = ScriptedModelServer.start()) {
            Sessions sessions = new Sessions(store, InstantSource.system());
            Bus<Event> bus = new Bus<>();
            Map<String, CountDownLatch> done = new ConcurrentHashMap<>();
            bus.subscribe(e -> e instanceof RuntimeEvents.AgentFinished, e -> {
                CountDownLatch l = done.get(((RuntimeEvents.AgentFinished) e).agentId());
                if (l != null) l.countDown();
            });
            GateFactory gates = ProductionGates.of(dirs, env, store, bus);
            Provider provider = Providers.create(server.anthropicSettings(), (d, c) -> {}, OllamaProbe.local());
            ModelChoice model = new ModelChoice("bench", "claude-scripted", provider, Pricing.FREE, 0);
            SubagentLimits limits = new SubagentLimits(3, 10_000, 100_000, 1e9, Long.MAX_VALUE);
            try (AgentRuntime rt =
                    new AgentRuntime(sessions, ToolRegistry.standard(), gates, bus::publish, InstantSource.system())) {
                String root = startRoot(rt, server, project, model, limits, done, "ROOT-0");
                wave(rt, server, project, model, limits, done, root, 3, turns, "warm"); // JIT warm-up
                // one child at a time, 20 times: the CPU clock ticks too coarsely for one child's few turns
                Figures one = single(rt, server, project, model, limits, done, root, turns, 20);
                Figures many = wave(rt, server, project, model, limits, done, root, n, turns, "many");
                System.out.printf(
                        "1 child at a time: %d turns, CPU %.3f ms/turn, wall per turn p50 %.2f ms%n",
                        one.turns, one.cpuMsPerTurn, one.wallPerTurnP50);
                System.out.printf(
                        "%d children at once: %d turns in %.0f ms, CPU %.3f ms/turn (%.2fx one child), wall per turn p50 %.2f ms"
                                + " (%.1fx; %d children share 2 cores and one scripted server)%n",
                        n,
                        many.turns,
                        many.wallMs,
                        many.cpuMsPerTurn,
                        many.cpuMsPerTurn / one.cpuMsPerTurn,
                        many.wallPerTurnP50,
                        many.wallPerTurnP50 / one.wallPerTurnP50,
                        n);
                // heap per idle agent: N roots that answered once and wait for input
                long base = usedHeap();
                startRoot(rt, server, project, model, limits, done, "IDLE-ONE");
                long oneIdle = usedHeap() - base;
                long before = usedHeap();
                for (int i = 0; i < n; i++) startRoot(rt, server, project, model, limits, done, "IDLE-" + i + "-");
                long perIdle = (usedHeap() - before) / n;
                System.out.printf(
                        "heap per idle agent: %d idle agents %.1f KB each (one idle agent alone: %.1f KB; ratio %.2f)"
                                + " target <= 1 MB: %s%n",
                        n,
                        perIdle / 1024.0,
                        oneIdle / 1024.0,
                        (double) perIdle / Math.max(1, oneIdle),
                        perIdle <= 1 << 20 ? "met" : "NOT met");
            }
        }
    }

    record Figures(int turns, double wallMs, double cpuMsPerTurn, double wallPerTurnP50) {}

    static Figures single(
            AgentRuntime rt,
            ScriptedModelServer server,
            Path project,
            ModelChoice model,
            SubagentLimits limits,
            Map<String, CountDownLatch> done,
            String root,
            int turns,
            int rounds)
            throws InterruptedException {
        double cpu = 0;
        List<Double> walls = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Figures f = wave(rt, server, project, model, limits, done, root, 1, turns, "one" + r);
            cpu += f.cpuMsPerTurn * f.turns;
            walls.add(f.wallPerTurnP50);
        }
        walls.sort(Double::compare);
        return new Figures(rounds * turns, 0, cpu / (rounds * turns), walls.get(walls.size() / 2));
    }

    static String startRoot(
            AgentRuntime rt,
            ScriptedModelServer server,
            Path project,
            ModelChoice model,
            SubagentLimits limits,
            Map<String, CountDownLatch> done,
            String marker)
            throws InterruptedException {
        server.forConversation(marker).replyText("ready");
        CountDownLatch l = new CountDownLatch(1);
        var s = rt.start(
                new AgentSpec("root", marker + " idle", project, "bench", model, 5, null, null),
                Placement.root("main", true, limits));
        done.put(s.agentId(), l);
        if (!l.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("root " + marker + " did not answer");
        return s.agentId();
    }

    static Figures wave(
            AgentRuntime rt,
            ScriptedModelServer server,
            Path project,
            ModelChoice model,
            SubagentLimits limits,
            Map<String, CountDownLatch> done,
            String root,
            int n,
            int turns,
            String tag)
            throws InterruptedException {
        List<String> ids = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        Map<String, Long> ends = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            ScriptedModelServer.Scripting s = server.forConversation("KID-" + tag + "-" + i + " ");
            for (int t = 1; t < turns; t++)
                s.reply(ScriptedReply.toolCalls(ScriptedModelServer.call("c" + t, "list_files", "{\"path\":\".\"}")));
            s.replyText("done " + i);
        }
        CountDownLatch all = new CountDownLatch(n);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            var started = rt.start(
                    new AgentSpec("", "KID-" + tag + "-" + i + " list", project, "bench", model, turns + 2, null, root),
                    new Placement("main", false, false, false, true, limits));
            String id = started.agentId();
            ids.add(id);
            starts.add(System.nanoTime());
            CountDownLatch one = new CountDownLatch(1);
            done.put(id, one);
            Thread.ofVirtual().start(() -> {
                try {
                    one.await();
                    ends.put(id, System.nanoTime());
                    all.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        if (!all.await(300, TimeUnit.SECONDS)) throw new IllegalStateException(tag + ": children did not finish");
        double wallMs = (System.nanoTime() - t0) / 1e6;
        double cpuMs = (cpu() - cpu0) / 1e6;
        List<Double> perTurn = new ArrayList<>();
        for (int i = 0; i < n; i++) perTurn.add((ends.get(ids.get(i)) - starts.get(i)) / 1e6 / turns);
        perTurn.sort(Double::compare);
        return new Figures(n * turns, wallMs, cpuMs / (n * turns), perTurn.get(perTurn.size() / 2));
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long usedHeap() throws InterruptedException {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return r.totalMemory() - r.freeMemory();
    }
}
