package dev.dispatch.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A workbench on Lanterna's virtual terminal, driven synchronously: op calls run on the calling
 * thread, {@link #pump()} applies queued events and keys and draws, {@link #text()} reads back what
 * the terminal shows.
 */
final class VirtualWorkbench {
    final FakeEngine engine;
    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final Workbench wb;

    VirtualWorkbench(FakeEngine engine, int cols, int rows) {
        this(engine, engine, "/work/demo", cols, rows);
    }

    /** A workbench on any engine (the real one included), working in {@code cwd}. */
    VirtualWorkbench(dev.dispatch.protocol.Engine real, String cwd, int cols, int rows) {
        this(null, real, cwd, cols, rows);
    }

    private VirtualWorkbench(FakeEngine fake, dev.dispatch.protocol.Engine any, String cwd, int cols, int rows) {
        this(fake, any, new Workbench.Options(cwd, "~/.config/dispatch/config.yaml"), cols, rows);
    }

    /** A workbench on any engine opened with {@code options} (a session to resume, say). */
    VirtualWorkbench(dev.dispatch.protocol.Engine real, Workbench.Options options, int cols, int rows) {
        this(null, real, options, cols, rows);
    }

    /** A workbench on a fake engine opened with {@code options} (what the face passes: config path, setup advice). */
    VirtualWorkbench(FakeEngine fake, Workbench.Options options, int cols, int rows) {
        this(fake, fake, options, cols, rows);
    }

    private VirtualWorkbench(
            FakeEngine fake, dev.dispatch.protocol.Engine any, Workbench.Options options, int cols, int rows) {
        this.engine = fake;
        try {
            terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wb = new Workbench(any, screen, options, Runnable::run);
        wb.start();
        pump();
    }

    VirtualWorkbench pump() {
        try {
            wb.render();
            wb.pump();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    VirtualWorkbench type(String s) {
        for (char c : s.toCharArray()) wb.press(new KeyStroke(c, false, false));
        return pump();
    }

    VirtualWorkbench key(KeyType t) {
        wb.press(new KeyStroke(t));
        return pump();
    }

    VirtualWorkbench ctrl(char c) {
        wb.press(new KeyStroke(c, true, false));
        return pump();
    }

    VirtualWorkbench resize(int cols, int rows) {
        terminal.setTerminalSize(new TerminalSize(cols, rows));
        return pump();
    }

    /** Pumps until the screen shows {@code expected} (events from a real engine arrive on other threads). */
    VirtualWorkbench await(String expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (pump().text().contains(expected)) return this;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("screen never showed '" + expected + "':\n" + text());
    }

    /** The terminal's cells as text, one line per row, trailing spaces cut. */
    String text() {
        TerminalSize size = terminal.getTerminalSize();
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = terminal.getCharacter(c, r);
                line.append(ch == null ? " " : ch.getCharacterString());
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
