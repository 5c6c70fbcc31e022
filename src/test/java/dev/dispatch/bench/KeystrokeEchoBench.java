package dev.dispatch.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.dispatch.tui.MentionFiles;
import dev.dispatch.tui.Workbench;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keystroke → echo latency of the running workbench (issue 25): a key handed to the UI loop as the
 * terminal's key reader hands it ({@link Workbench#run}), to the end of the repaint that shows it (the
 * virtual terminal's flush), 120×40, with 20 agents and a 10,000-message conversation on screen.
 * Three kinds of typing, interleaved: plain text (a letter, then Backspace, so the box stays short),
 * a slash command with its completion popup open ({@code /mo}…), and an {@code @} mention whose fuzzy
 * completion ranks a 20,000-file project on every key. Run with bench/keystroke-echo.sh.
 */
public final class KeystrokeEchoBench {
    static final int KEYS = Integer.getInteger("keys", 2_000);

    record Live(Thread ui, Semaphore flushed, BlockingQueue<KeyStroke> keys) {}

    static Live open() throws Exception {
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
        BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
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
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 20_000; i++)
            files.add("src/main/java/pkg" + (i % 97) + "/module" + i + "/File" + i + ".java");
        MentionFiles project = new MentionFiles() {
            @Override
            public List<String> list(int max) {
                return files.subList(0, Math.min(max, files.size()));
            }

            @Override
            public String read(String relative) {
                return "";
            }
        };
        TuiRenderBench.PushEngine engine = new TuiRenderBench.PushEngine();
        Workbench wb = new Workbench(
                engine, screen, new Workbench.Options("/tmp/bench", "config.yaml").with(null, project), Runnable::run);
        wb.start();
        TuiRenderBench.load(engine, TuiRenderBench.MESSAGES, TuiRenderBench.AGENTS);
        Thread ui = Thread.ofPlatform().name("bench-ui").start(() -> {
            try {
                wb.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TreeLatencyBench.settle(flushed);
        return new Live(ui, flushed, keys);
    }

    /** One key → the repaint that shows it, in ms. */
    static double press(Live live, KeyStroke k) throws Exception {
        live.flushed().drainPermits();
        long t0 = System.nanoTime();
        live.keys().add(k);
        if (!live.flushed().tryAcquire(5, TimeUnit.SECONDS))
            throw new IllegalStateException("no echo within 5 s of " + k);
        return (System.nanoTime() - t0) / 1e6;
    }

    static KeyStroke ch(char c) {
        return new KeyStroke(c, false, false);
    }

    static final KeyStroke BACKSPACE = new KeyStroke(KeyType.Backspace);

    /** {@code n} samples of each kind, in rounds; sorted. */
    static double[][] measure(Live live, int n) throws Exception {
        double[] plain = new double[n];
        double[] slash = new double[n];
        double[] mention = new double[n];
        String letters = "abcdefghij";
        for (int i = 0; i < n; i++) {
            // plain text: a letter (measured), then Backspace
            plain[i] = press(live, ch(letters.charAt(i % letters.length())));
            press(live, BACKSPACE);
            // the slash popup: "/" opens it, "m" narrows it (measured), then both go
            press(live, ch('/'));
            slash[i] = press(live, ch('m'));
            press(live, BACKSPACE);
            press(live, BACKSPACE);
            // an @ mention over 20,000 files: "@" then "F" (measured: ranks every file), then both go
            press(live, ch('@'));
            mention[i] = press(live, ch((char) ('1' + i % 9)));
            press(live, BACKSPACE);
            press(live, BACKSPACE);
        }
        Arrays.sort(plain);
        Arrays.sort(slash);
        Arrays.sort(mention);
        return new double[][] {plain, slash, mention};
    }

    public static void main(String[] args) throws Exception {
        Live live = open();
        Thread.sleep(500); // the background file walk
        measure(live, 200); // warm-up
        double[][] t = measure(live, KEYS);
        live.keys().add(new KeyStroke('d', true, false));
        live.ui().join(5_000);
        System.out.printf(
                Locale.ROOT,
                "keystroke -> echo (key handed to the UI loop -> repaint flushed), 120x40, 20 agents + %,d messages, %d keys each%n",
                TuiRenderBench.MESSAGES,
                KEYS);
        row("plain typing", t[0]);
        row("slash popup open", t[1]);
        row("@ mention, 20,000 files", t[2]);
        double worst = Math.max(
                TuiRenderBench.pct(t[0], .99), Math.max(TuiRenderBench.pct(t[1], .99), TuiRenderBench.pct(t[2], .99)));
        System.out.println(worst <= 10 ? "p99 within the 10 ms target" : "p99 ABOVE the 10 ms target");
    }

    static void row(String name, double[] t) {
        System.out.printf(
                Locale.ROOT,
                "%-26s p50 %.3f p90 %.3f p99 %.3f max %.3f ms%n",
                name,
                TuiRenderBench.pct(t, .5),
                TuiRenderBench.pct(t, .9),
                TuiRenderBench.pct(t, .99),
                t[t.length - 1]);
    }
}
