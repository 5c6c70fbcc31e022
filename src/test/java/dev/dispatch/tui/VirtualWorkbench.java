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
        this.engine = engine;
        try {
            terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wb = new Workbench(engine, screen, new Workbench.Options("/work/demo", "~/.config/dispatch/config.yaml"), Runnable::run);
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
