package dev.dispatch.bench;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.AgentSpec;
import dev.dispatch.agent.ModelChoice;
import dev.dispatch.agent.Pricing;
import dev.dispatch.permission.Permissions;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.Cancellation;
import dev.dispatch.provider.ModelEvent;
import dev.dispatch.provider.ModelRequest;
import dev.dispatch.provider.Provider;
import dev.dispatch.provider.ProviderSettings;
import dev.dispatch.provider.ProviderType;
import dev.dispatch.provider.StopReason;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import dev.dispatch.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Engine overhead of the agent loop (issue 5): a provider that answers from memory instantly, so the
 * figures are request building + stream assembly + event fan-out + session writes, without HTTP or
 * the model. Per tool call: a {@code list_files} on an empty directory (its own work is ~0). Baseline
 * in the same run: one durable single-row store commit. Also the heap after 100/500/1000 turns.
 *
 * <p>Run: {@code bench/agent-turn.sh [TURNS]}.
 */
public final class AgentTurnBench {
    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("agent-bench");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (Store store = Store.open(dir.resolve("data"))) {
            double commitMs = commitBaseline(store);
            Sessions sessions = new Sessions(store, InstantSource.system());
            LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
            try (AgentRuntime rt = new AgentRuntime(sessions, ToolRegistry.standard(),
                    (a, p, root) -> gate(root), events::add, InstantSource.system())) {
                // text-only turns: one model call each
                ScriptProvider text = new ScriptProvider(false);
                long[] turnNs = drive(rt, project, text, events, turns, "text");
                // tool turns: a model call asking for list_files, then a final answer
                ScriptProvider tool = new ScriptProvider(true);
                long[] toolNs = drive(rt, project, tool, events, turns / 2, "tool");
                double ownMs = toolOwnWork(project, turns / 2);
                report(turns, commitMs, turnNs, toolNs, ownMs);
            }
        }
    }

    static dev.dispatch.permission.PermissionGate gate(Path root) {
        try {
            return new Permissions(root).gate();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One agent, many inputs; times each input from send to AgentFinished. Heap sampled along the way. */
    static long[] drive(AgentRuntime rt, Path project, ScriptProvider p, LinkedBlockingQueue<Event> events, int n, String label)
            throws InterruptedException {
        ModelChoice model = new ModelChoice("bench", "bench-model", p, Pricing.FREE, 0);
        events.clear();
        long t0 = System.nanoTime();
        var started = rt.start(new AgentSpec("bench", "go", project, "bench", model, 5, null, null));
        awaitFinished(events, started.agentId());
        long[] ns = new long[n];
        ns[0] = System.nanoTime() - t0;
        for (int i = 1; i < n; i++) {
            long s = System.nanoTime();
            rt.send(started.agentId(), "again " + i);
            awaitFinished(events, started.agentId());
            ns[i] = System.nanoTime() - s;
            if (label.equals("text") && (i == 99 || i == 499 || i == 999)) {
                System.gc();
                Runtime r = Runtime.getRuntime();
                System.out.printf("heap after %4d turns: %6.1f MB%n", i + 1, (r.totalMemory() - r.freeMemory()) / 1048576.0);
            }
        }
        return ns;
    }

    static void awaitFinished(LinkedBlockingQueue<Event> events, String agentId) throws InterruptedException {
        while (true) {
            Event e = events.poll(30, TimeUnit.SECONDS);
            if (e == null) throw new IllegalStateException("agent did not finish");
            if (e instanceof RuntimeEvents.AgentFinished f && f.agentId().equals(agentId)) return;
        }
    }

    static double commitBaseline(Store store) {
        store.write(c -> {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_baseline(id INT PRIMARY KEY, v VARCHAR)");
            return null;
        });
        int n = 2000;
        long s = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int id = i;
            store.write(c -> {
                try (var ps = c.prepareStatement("MERGE INTO bench_baseline VALUES (?, ?)")) {
                    ps.setInt(1, id);
                    ps.setString(2, "x");
                    ps.executeUpdate();
                }
                return null;
            });
        }
        return (System.nanoTime() - s) / 1e6 / n;
    }

    /** The tool's own work, measured in the same run: list_files called directly, p50 in ms. */
    static double toolOwnWork(Path project, int n) throws InterruptedException {
        ToolRegistry registry = ToolRegistry.standard();
        var ctx = dev.dispatch.tool.ToolContext.of(project, "bench", "bench", gate(project));
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            registry.call("list_files", "{}", ctx);
            ns[i] = System.nanoTime() - s;
        }
        return pct(ns, 50);
    }

    static void report(int turns, double commitMs, long[] turnNs, long[] toolNs, double ownMs) {
        double turnP50 = pct(turnNs, 50), turnP99 = pct(turnNs, 99);
        // an input with a tool call is two model calls plus the tool; minus a text input and the tool's own
        // work leaves the tool call's overhead plus the second model call: an upper bound, never flattering
        double toolP50 = pct(toolNs, 50) - turnP50 - ownMs, toolP99 = pct(toolNs, 99);
        System.out.printf("baseline: one durable store commit          p50-equivalent %6.3f ms%n", commitMs);
        System.out.printf("model turn (no tools), engine overhead      p50 %6.3f ms  p99 %6.3f ms  (%.1fx a commit)%n",
                turnP50, turnP99, turnP50 / commitMs);
        System.out.printf("tool's own work (list_files called directly) p50 %6.3f ms%n", ownMs);
        System.out.printf("tool call, engine overhead (upper bound)    p50 %6.3f ms  (input with a tool call p99 %6.3f ms; %.1fx a commit)%n",
                toolP50, toolP99, toolP50 / commitMs);
        System.out.printf("turns measured: %d text + %d tool%n", turnNs.length, toolNs.length);
    }

    static double pct(long[] ns, int p) {
        long[] s = Arrays.copyOfRange(ns, 1, ns.length); // the first includes start-up
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }

    /** Answers instantly from memory: text, or (withTool) list_files first and text after its result. */
    static final class ScriptProvider implements Provider {
        private final boolean withTool;
        private final ProviderSettings settings = ProviderSettings.of("bench", ProviderType.OPENAI, "bench-model", 1024);

        ScriptProvider(boolean withTool) {
            this.withTool = withTool;
        }

        public String name() {
            return "bench";
        }

        public ProviderSettings settings() {
            return settings;
        }

        public ModelEvent.Terminal stream(ModelRequest request, Consumer<ModelEvent> events, Cancellation cancellation) {
            var last = request.messages().get(request.messages().size() - 1);
            boolean afterTool = last.content().stream().anyMatch(b -> b instanceof dev.dispatch.provider.ContentBlock.ToolResult);
            if (withTool && !afterTool) {
                String id = "call_" + request.messages().size();
                events.accept(new ModelEvent.ToolCallStarted(0, id, "list_files"));
                events.accept(new ModelEvent.ToolCallCompleted(0, id, "list_files", "{}",
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), null));
                events.accept(new ModelEvent.Usage(100, 10, 0, 0));
                var stop = new ModelEvent.Stopped(StopReason.TOOL_USE, "tool_use");
                events.accept(stop);
                return stop;
            }
            for (String piece : List.of("Done ", "with ", "that.")) events.accept(new ModelEvent.TextDelta(piece));
            events.accept(new ModelEvent.Usage(100, 10, 0, 0));
            var stop = new ModelEvent.Stopped(StopReason.END_TURN, "end_turn");
            events.accept(stop);
            return stop;
        }
    }
}
