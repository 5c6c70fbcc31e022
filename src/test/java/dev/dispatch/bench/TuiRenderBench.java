package dev.dispatch.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.UserMessageDelivered;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.tui.Workbench;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Frame time of the workbench on a 120×40 virtual terminal while an answer streams (one delta per
 * frame, into an open code block), with a 10,000-message markdown conversation (headings, emphasis,
 * code blocks, lists) and 20 agents, then with a 2,000-line diff expanded on screen above the
 * streaming answer, against a one-message workbench in the same run; plus the heap the 10,000
 * messages hold. Run with bench/tui-render.sh.
 */
public final class TuiRenderBench {
    static final int MESSAGES = 10_000;
    static final int AGENTS = 20;
    static final int FRAMES = Integer.getInteger("frames", 3_000);
    static final int DIFF_LINES = 2_000;

    /** Just enough engine: no op answers (the workbench shows "unknown"), events pushed by the bench. */
    static final class PushEngine implements Engine {
        final List<Consumer<Event>> sinks = new CopyOnWriteArrayList<>();

        public <R> R submit(Op<R> op) {
            throw EngineException.notFound("bench engine answers no ops");
        }

        public Subscription subscribe(EventFilter f, Consumer<Event> sink) {
            sinks.add(sink);
            return () -> sinks.remove(sink);
        }

        void push(Event e) {
            for (Consumer<Event> s : sinks) s.accept(e);
        }

        public String describe() {
            return "bench";
        }

        public void close() {}
    }

    record Setup(PushEngine engine, Workbench wb, DefaultVirtualTerminal terminal) {}

    /** What the virtual terminal shows, row by row. */
    static String screen(Setup s) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < 120; c++)
                b.append(s.terminal().getCharacter(c, r).getCharacterString());
            b.append('\n');
        }
        return b.toString();
    }

    static Setup workbench() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        PushEngine engine = new PushEngine();
        Workbench wb = new Workbench(engine, screen, new Workbench.Options("/tmp/bench", "config.yaml"), Runnable::run);
        wb.start();
        wb.pump();
        return new Setup(engine, wb, terminal);
    }

    static void load(PushEngine e, int messages, int agents) {
        e.push(new AgentStarted("agt_0", null, "lead", "s0", "claude-sonnet-4", "anthropic", Instant.EPOCH));
        for (int a = 1; a < agents; a++) {
            e.push(new AgentStarted(
                    "agt_" + a, "agt_" + (a - 1) / 3, "worker-" + a, "s" + a, "gpt-5", "openai", Instant.EPOCH));
            e.push(new TextDelta("agt_" + a, "working on part " + a));
        }
        for (int i = 0; i < messages; i++) {
            switch (i % 3) {
                case 0 ->
                    e.push(new UserMessageDelivered(
                            "agt_0", "Step " + i + ": please look at module " + i + " and fix what fails."));
                case 1 -> {
                    for (String d : markdownAnswer(i)) e.push(new TextDelta("agt_0", d));
                }
                default -> {
                    e.push(new ToolCallStarted(
                            "agt_0", "c" + i, "shell", "{\"command\":\"mvn -q test -pl m" + i + "\"}"));
                    e.push(new ToolCallFinished(
                            "agt_0", "c" + i, "shell", "Tests run: 42, Failures: 0\nBUILD SUCCESS\n", false, 0));
                }
            }
        }
    }

    /** An answer as models write them: a heading, emphasis, inline code, a java block and a list. */
    static List<String> markdownAnswer(int i) {
        return List.of(
                "## Step " + i + "\n\n",
                "The parser handles **nested expressions** by recursive descent; each level returns a node "
                        + "and the position after it, so errors can name the exact `column`.\n\n",
                "```java\nNode parse(int pos) {\n    return expr(pos, \"root\"); // recursive descent\n}\n```\n\n",
                "- first check passes\n- second check uses `Lexer.next()` and *fails* at line " + i + "\n");
    }

    /** A write_file call creating a {@code lines}-line file: its diff is {@code lines} added rows. */
    static void bigDiff(PushEngine e, int lines) {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= lines; i++)
            content.append("    static int field")
                    .append(i)
                    .append(" = ")
                    .append(i)
                    .append("; // generated\n");
        String args = "{\"path\":\"src/Big.java\",\"content\":"
                + dev.dispatch.protocol.Json.mapper().valueToTree(content.toString()) + "}";
        e.push(new UserMessageDelivered("agt_0", "Generate Big.java"));
        e.push(new ToolCallStarted("agt_0", "cbig", "write_file", args));
        e.push(new ToolCallFinished(
                "agt_0", "cbig", "write_file", "created src/Big.java (" + content.length() + " bytes)", false, null));
        e.push(new TextDelta("agt_0", "# Done\n\nThe file is **generated**. Here is how it is used:\n\n```java\n"));
    }

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Wall and CPU time per frame, each sorted: on a loaded shared machine the wall tail is the scheduler. */
    record Times(double[] wall, double[] cpu) {}

    static Times frames(Setup s, String agent) throws Exception {
        for (int i = 0; i < 300; i++) frame(s, agent, new double[2]); // warm-up
        double[] wall = new double[FRAMES];
        double[] cpu = new double[FRAMES];
        double[] one = new double[2];
        for (int i = 0; i < FRAMES; i++) {
            frame(s, agent, one);
            wall[i] = one[0];
            cpu[i] = one[1];
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Times(wall, cpu);
    }

    static int delta;

    static void frame(Setup s, String agent, double[] out) throws Exception {
        // a streamed code block: a token per frame, a new line every 12 tokens
        s.engine().push(new TextDelta(agent, ++delta % 12 == 0 ? "tok\n" : "tok "));
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        s.wb().pump();
        out[0] = (System.nanoTime() - t0) / 1e6;
        out[1] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return r.totalMemory() - r.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        Setup small = workbench();
        load(small.engine(), 1, 1);
        Times base = frames(small, "agt_0");

        long before = usedHeap();
        Setup big = workbench();
        load(big.engine(), MESSAGES, AGENTS);
        big.wb().pump();
        long after = usedHeap();
        Times loaded = frames(big, "agt_0");

        // a 2,000-line diff on screen: expanded (ctrl+o), the view scrolled so the chat shows its last rows
        // and the head of the answer streaming after it, which re-renders (markdown, open code fence) each frame
        bigDiff(big.engine(), DIFF_LINES);
        dev.dispatch.tui.BenchHooks.press(big.wb(), new com.googlecode.lanterna.input.KeyStroke('o', true, false));
        big.wb().pump();
        int last = dev.dispatch.tui.BenchHooks.entries(big.wb()) - 1;
        dev.dispatch.tui.BenchHooks.anchor(big.wb(), last, 4);
        big.wb().pump();
        String shown = screen(big);
        if (!shown.contains("2000 +     static int field2000 = 2000; // generated") || !shown.contains("╭─ java"))
            throw new IllegalStateException("the diff and the streaming code block are not both on screen:\n" + shown);
        Times diff = frames(big, "agt_0");

        System.out.printf(
                Locale.ROOT, "frames: %d per case, 120x40 virtual terminal, one TextDelta per frame%n", FRAMES);
        row("baseline (1 agent, 1 message)", base, base);
        row("loaded (" + AGENTS + " agents, " + MESSAGES + " messages)", loaded, base);
        row("loaded + " + DIFF_LINES + "-line diff on screen", diff, base);
        System.out.printf(
                Locale.ROOT,
                "heap held by %,d messages + %d agents: %.1f MiB (used heap after GC %.1f MiB)%n",
                MESSAGES,
                AGENTS,
                (after - before) / 1048576.0,
                after / 1048576.0);
        double wall = Math.max(pct(loaded.wall(), .99), pct(diff.wall(), .99));
        double cpu = Math.max(pct(loaded.cpu(), .99), pct(diff.cpu(), .99));
        System.out.println(wall < 16 ? "wall p99 within the 16 ms target" : "wall p99 ABOVE the 16 ms target");
        System.out.println(cpu < 16 ? "cpu p99 within the 16 ms target" : "cpu p99 ABOVE the 16 ms target");
    }

    static void row(String name, Times t, Times base) {
        System.out.printf(
                Locale.ROOT,
                "%-38s wall p50 %.3f p99 %.3f ms (%.2fx) | cpu p50 %.3f p99 %.3f ms (%.2fx)%n",
                name,
                pct(t.wall(), .5),
                pct(t.wall(), .99),
                pct(t.wall(), .99) / pct(base.wall(), .99),
                pct(t.cpu(), .5),
                pct(t.cpu(), .99),
                pct(t.cpu(), .99) / pct(base.cpu(), .99));
    }
}
