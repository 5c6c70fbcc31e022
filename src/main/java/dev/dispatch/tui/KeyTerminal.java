package dev.dispatch.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Lanterna's Unix terminal with CR→LF translation ({@code icrnl}) turned off while the workbench
 * owns the terminal: with it on, Enter (CR) arrives as LF, the very byte ctrl+J sends, so "send" and
 * "new line" could not be told apart. Lanterna saves the terminal's settings before and restores them
 * on exit, so the shell gets {@code icrnl} back.
 *
 * <p>Start-up in one process (issue 19): Lanterna runs {@code stty} once per setting (save, -icanon,
 * min 1, -echo, intr undef, and -icrnl here: six JVM process spawns, 60-250 ms on a loaded machine) and
 * then asks the terminal where the cursor lands at 5000,5000 for its size (a round trip, and seconds of
 * waiting where nothing answers). Here one {@code sh} saves the settings, prints the size and applies
 * them all; the size it printed serves the first frame, and later sizes (a resize) are asked as Lanterna
 * asks them.
 */
final class KeyTerminal extends UnixTerminal {
    /** The settings to restore, the size stty printed, and whether construction (Lanterna's acquire) ended. */
    private String saved;

    private TerminalSize initialSize;
    private boolean constructed;

    KeyTerminal(InputStream in, OutputStream out, Charset charset) throws IOException {
        super(in, out, charset, CtrlCBehaviour.TRAP);
        constructed = true;
    }

    /** Lanterna's acquire, which runs inside the super constructor: save, size and raw mode in one go. */
    @Override
    protected void saveTerminalSettings() throws IOException {
        String stty = System.getProperty("com.googlecode.lanterna.terminal.UnixTerminal.sttyCommand", "/bin/stty");
        // Lanterna's exec joins the lines it reads without a separator: one line, fields split by '|'
        String[] out = exec(
                        "/bin/sh",
                        "-c",
                        "s=\"$1\"; g=$(\"$s\" -g) || exit 1; z=$(\"$s\" size 2>/dev/null);"
                                + " \"$s\" -icanon min 1 -echo -icrnl intr undef && printf '%s|%s|' \"$g\" \"$z\"",
                        "sh",
                        stty)
                .split("\\|");
        if (out.length < 1 || out[0].isBlank())
            throw new IOException("could not set up the terminal with " + stty + " (is stdin a terminal?)");
        saved = out[0].trim();
        String[] rc = out.length > 1 ? out[1].trim().split(" ") : new String[0];
        try {
            int rows = rc.length > 0 ? Integer.parseInt(rc[0]) : 0;
            int cols = rc.length > 1 ? Integer.parseInt(rc[1]) : 0;
            if (rows > 0 && cols > 0) initialSize = new TerminalSize(cols, rows);
        } catch (NumberFormatException e) {
            // no size: Lanterna asks the terminal
        }
    }

    @Override
    protected void restoreTerminalSettings() throws IOException {
        if (saved != null) runSTTYCommand(saved);
    }

    @Override
    protected void canonicalMode(boolean enabled) throws IOException {
        if (!constructed) return; // applied with the save
        super.canonicalMode(enabled);
        runSTTYCommand(enabled ? "icrnl" : "-icrnl");
    }

    @Override
    protected void keyEchoEnabled(boolean enabled) throws IOException {
        if (constructed) super.keyEchoEnabled(enabled);
    }

    @Override
    protected void keyStrokeSignalsEnabled(boolean enabled) throws IOException {
        if (constructed) super.keyStrokeSignalsEnabled(enabled);
    }

    @Override
    protected TerminalSize findTerminalSize() throws IOException {
        TerminalSize first = initialSize;
        initialSize = null;
        return first != null ? first : super.findTerminalSize();
    }
}
