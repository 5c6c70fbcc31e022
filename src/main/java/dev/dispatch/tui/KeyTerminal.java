package dev.dispatch.tui;

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
 */
final class KeyTerminal extends UnixTerminal {
    KeyTerminal(InputStream in, OutputStream out, Charset charset) throws IOException {
        super(in, out, charset, CtrlCBehaviour.TRAP);
    }

    @Override
    protected void canonicalMode(boolean enabled) throws IOException {
        super.canonicalMode(enabled);
        runSTTYCommand(enabled ? "icrnl" : "-icrnl");
    }
}
