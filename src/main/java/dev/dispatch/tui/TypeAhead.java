package dev.dispatch.tui;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * What the user types in {@code dispatch chat} while the agent works. Between two prompts the terminal
 * is in its ordinary line mode (the kernel echoes and edits the line), so a line is there to read only
 * once Enter is pressed. JLine's read blocks in that mode whatever its timeout, so this asks the
 * terminal (standard input, FIONREAD) how much is waiting and reads only that: never blocking the
 * events chat prints, and handing each line over whole so chat can queue it for the end of the turn.
 */
final class TypeAhead {
    /** Standard input, only ever asked how much waits; never read or closed here (JLine reads it). */
    private static final FileInputStream STDIN = new FileInputStream(FileDescriptor.in);

    private final NonBlockingReader in;
    private final StringBuilder line = new StringBuilder();

    TypeAhead(Terminal terminal) {
        this.in = terminal.reader();
    }

    /** Hands each complete line typed so far to {@code lines}; never waits for more. */
    void poll(Consumer<String> lines) {
        try {
            // in line mode the kernel counts only finished lines: each is read to its end without waiting
            while (STDIN.available() > 0) {
                int c = in.read(1L);
                if (c < 0) return;
                if (c == '\n' || c == '\r') {
                    lines.accept(line.toString());
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
        } catch (IOException e) {
            // not a terminal we can ask, or it went away: lines typed now wait for the next prompt
        }
    }
}
