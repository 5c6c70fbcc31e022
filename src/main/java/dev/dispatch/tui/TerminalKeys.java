package dev.dispatch.tui;

import com.googlecode.lanterna.input.BasicCharacterPattern;
import com.googlecode.lanterna.input.CharacterPattern;
import com.googlecode.lanterna.input.InputDecoder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * The keys Lanterna's decoder does not tell apart on its own, taught to it: Enter as the CR a terminal
 * sends once {@link KeyTerminal} turns off CR→LF (Lanterna knows Enter only as LF), ctrl+J (a bare LF), alt+Enter (ESC CR, as terminals and tmux send it), shift+Enter where the
 * terminal reports it (xterm's modifyOtherKeys {@code CSI 27;2;13~}, kitty/foot {@code CSI 13;2u}), and
 * the bracketed-paste markers ({@code CSI 200~} … {@code CSI 201~}) that let a paste arrive as one text
 * instead of keystrokes (its newlines must not send). The decoder prefers the last full match, so these
 * patterns, added after Lanterna's own, win.
 */
final class TerminalKeys {
    private TerminalKeys() {}

    /** Turns on bracketed paste and modifyOtherKeys level 1 (shift+Enter reported); {@link #OFF} undoes both. */
    static final String ON = "\033[?2004h\033[>4;1m";

    static final String OFF = "\033[?2004l\033[>4;0m";

    /** A paste's start or end marker, between which every key is pasted text. */
    static final class PasteMark extends KeyStroke {
        final boolean start;

        PasteMark(boolean start) {
            super(KeyType.Unknown);
            this.start = start;
        }
    }

    static final KeyStroke CTRL_J = new KeyStroke('j', true, false);
    static final KeyStroke ALT_ENTER = new KeyStroke(KeyType.Enter, false, true);
    static final KeyStroke SHIFT_ENTER = new KeyStroke(KeyType.Enter, false, false, true);
    static final PasteMark PASTE_START = new PasteMark(true);
    static final PasteMark PASTE_END = new PasteMark(false);

    static List<CharacterPattern> patterns() {
        return List.of(
                new BasicCharacterPattern(new KeyStroke(KeyType.Enter), '\r'),
                new BasicCharacterPattern(CTRL_J, '\n'),
                new BasicCharacterPattern(ALT_ENTER, '\033', '\r'),
                new BasicCharacterPattern(ALT_ENTER, '\033', '\n'),
                new BasicCharacterPattern(SHIFT_ENTER, "\033[27;2;13~".toCharArray()),
                new BasicCharacterPattern(SHIFT_ENTER, "\033[13;2u".toCharArray()),
                new BasicCharacterPattern(PASTE_START, "\033[200~".toCharArray()),
                new BasicCharacterPattern(PASTE_END, "\033[201~".toCharArray()));
    }

    static void install(InputDecoder decoder) {
        decoder.addProfile(TerminalKeys::patterns);
    }

    /** True for every key that means "new line, don't send": alt+Enter, shift+Enter, ctrl+J. */
    static boolean newline(KeyStroke k) {
        if (k.getKeyType() == KeyType.Enter) return k.isAltDown() || k.isShiftDown() || k.isCtrlDown();
        if (k.getKeyType() != KeyType.Character) return false;
        char c = k.getCharacter();
        return (k.isCtrlDown() && !k.isAltDown() && (c == 'j' || c == 'J'))
                || (k.isAltDown() && (c == '\r' || c == '\n'));
    }

    /**
     * What a key inside a paste contributes to the pasted text (nothing for keys that are not text): CR
     * and LF as they came, so {@link InputState#paste} turns CR LF into one line break, not two.
     */
    static String pasted(KeyStroke k) {
        return switch (k.getKeyType()) {
            case Character ->
                k.isCtrlDown() && Character.toLowerCase(k.getCharacter()) == 'j'
                        ? "\n"
                        : String.valueOf(k.getCharacter());
            case Enter -> "\r";
            case Tab -> "\t";
            default -> "";
        };
    }
}
