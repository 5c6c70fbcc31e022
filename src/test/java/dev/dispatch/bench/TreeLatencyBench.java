package dev.dispatch.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.AgentStateChanged;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.tui.Workbench;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tree-update latency of the running workbench: the time from an agent's status change (published
 * on another thread, as the engine's agent threads do) to the end of the repaint that shows it (the
 * virtual terminal's flush), through the workbench's own UI loop ({@link Workbench#run}). With 100
 * agents in a tree against one agent, same run. Run with bench/tree-latency.sh.
 */
public final class TreeLatencyBench {
    static final int CHANGES = Integer.getInteger("changes", 2_000);

    record Live(
            TuiRenderBench.PushEngine engine,
            DefaultVirtualTerminal terminal,
            Thread ui,
            Semaphore flushed,
            java.util.concurrent.BlockingQueue<KeyStroke> keys,
            boolean[] waiting,
            Random random) {}

    static Live open(int agents) throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        Semaphore flushed = new Semaphore(0);
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            public void onFlush() {
                flushed.release();
            }

            public void onBell() {}

            public void onClose() {}

            public void onResized(Terminal t, TerminalSize s) {}
        });
        // the virtual terminal's readInput holds its lock while it waits, which would block every repaint:
        // keys come from a queue of our own instead, as a real terminal's reader does not hold the screen
        java.util.concurrent.BlockingQueue<KeyStroke> keys = new java.util.concurrent.LinkedBlockingQueue<>();
        TerminalScreen screen = new TerminalScreen(terminal) {
            @Override
            public KeyStroke readInput() {
                try {
                    return keys.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        };
        screen.startScreen();
        TuiRenderBench.PushEngine engine = new TuiRenderBench.PushEngine();
        Workbench wb = new Workbench(engine, screen, new Workbench.Options("/tmp/bench", "config.yaml"), Runnable::run);
        wb.start();
        engine.push(new AgentStarted("agt_0", null, "lead", "s0", "claude-sonnet-4", "anthropic", Instant.EPOCH));
        for (int a = 1; a < agents; a++) {
            engine.push(new AgentStarted(
                    "agt_" + a, "agt_" + (a - 1) / 3, "worker-" + a, "s" + a, "gpt-5", "openai", Instant.EPOCH));
            engine.push(new TextDelta("agt_" + a, "working on part " + a));
        }
        Thread ui = Thread.ofPlatform().name("bench-ui").start(() -> {
            try {
                wb.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        settle(flushed);
        return new Live(engine, terminal, ui, flushed, keys, new boolean[agents], new Random(42));
    }

    /** Waits until the loop has drawn everything queued (no flush for 300 ms). */
    static void settle(Semaphore flushed) throws InterruptedException {
        while (flushed.tryAcquire(300, TimeUnit.MILLISECONDS)) flushed.drainPermits();
    }

    /**
     * Latencies in ms, sorted: status change published → repaint flushed. Each change flips one agent
     * between running and waiting for a key, so the counts always change and every change repaints
     * cells (an unchanged screen sends nothing, so it would never flush); the agent may be scrolled out
     * of the tree's view, as in a real 100-agent tree.
     */
    static double[] measure(Live live, int agents, int n) throws Exception {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int a = live.random().nextInt(agents);
            String id = "agt_" + a;
            AgentStatus s = live.waiting()[a] ? AgentStatus.RUNNING : AgentStatus.WAITING_KEY;
            live.waiting()[a] = !live.waiting()[a];
            live.flushed().drainPermits();
            long t0 = System.nanoTime();
            live.engine().push(new AgentStateChanged(id, s, s == AgentStatus.WAITING_KEY ? "key cooling" : ""));
            if (!live.flushed().tryAcquire(5, TimeUnit.SECONDS))
                throw new IllegalStateException("no repaint within 5 s of a status change");
            out[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(out);
        return out;
    }

    static void close(Live live) throws InterruptedException {
        live.keys().add(new KeyStroke('d', true, false)); // ctrl+d quits the loop
        live.ui().join(5_000);
    }

    public static void main(String[] args) throws Exception {
        Live one = open(1);
        Live hundred = open(100);
        measure(one, 1, 300); // warm-up, both
        measure(hundred, 100, 300);
        double[] base = new double[CHANGES];
        double[] big = new double[CHANGES];
        // interleaved in blocks, so the machine's drift falls on both alike
        int block = 100;
        for (int done = 0; done < CHANGES; done += block) {
            int k = Math.min(block, CHANGES - done);
            System.arraycopy(measure(one, 1, k), 0, base, done, k);
            System.arraycopy(measure(hundred, 100, k), 0, big, done, k);
        }
        Arrays.sort(base);
        Arrays.sort(big);
        close(one);
        close(hundred);
        System.out.printf(
                Locale.ROOT,
                "tree-update latency (status change on another thread → repaint flushed), 120x40, %d changes each%n",
                CHANGES);
        row("1 agent", base, base);
        row("100 agents (3-ary tree)", big, base);
        System.out.println(
                TuiRenderBench.pct(big, .99) <= 50 ? "p99 within the 50 ms target" : "p99 ABOVE the 50 ms target");
    }

    static void row(String name, double[] t, double[] base) {
        System.out.printf(
                Locale.ROOT,
                "%-26s p50 %.3f p90 %.3f p99 %.3f max %.3f ms (p99 %.2fx the 1-agent p99)%n",
                name,
                TuiRenderBench.pct(t, .5),
                TuiRenderBench.pct(t, .9),
                TuiRenderBench.pct(t, .99),
                t[t.length - 1],
                TuiRenderBench.pct(t, .99) / TuiRenderBench.pct(base, .99));
    }
}
