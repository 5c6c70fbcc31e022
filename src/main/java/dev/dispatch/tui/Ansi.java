package dev.dispatch.tui;

import com.googlecode.lanterna.SGR;
import java.nio.charset.StandardCharsets;

/**
 * Rows as text for a line-mode terminal: with the {@link Palette}'s colours as ANSI SGR sequences,
 * or plain (a dumb terminal, {@code NO_COLOR}, output to a file or a screen reader).
 */
final class Ansi {
    private static final String RESET = "\u001b[0m";

    private Ansi() {}

    static String line(Line l, boolean colour) {
        if (!colour) return l.text();
        StringBuilder b = new StringBuilder();
        String text = l.text();
        int i = 0;
        boolean styled = false;
        while (i < text.length()) {
            Style s = l.styleAt(i);
            int j = i + 1;
            while (j < text.length() && l.styleAt(j) == s) j++;
            String sgr = sgr(s);
            if (!sgr.isEmpty()) {
                b.append(sgr);
                styled = true;
            } else if (styled) {
                b.append(RESET);
                styled = false;
            }
            b.append(text, i, j);
            if (!sgr.isEmpty()) {
                b.append(RESET);
                styled = false;
            }
            i = j;
        }
        return b.toString();
    }

    /** The escape sequence that draws {@code s}; empty for the terminal's default look. */
    static String sgr(Style s) {
        Palette.Look look = Palette.look(s);
        StringBuilder codes = new StringBuilder();
        String fg = new String(look.fg().getForegroundSGRSequence(), StandardCharsets.US_ASCII);
        if (!"39".equals(fg)) codes.append(fg);
        for (SGR m : look.sgr()) {
            String c =
                    switch (m) {
                        case BOLD -> "1";
                        case ITALIC -> "3";
                        case UNDERLINE -> "4";
                        case REVERSE -> "7";
                        case CROSSED_OUT -> "9";
                        default -> "";
                    };
            if (c.isEmpty()) continue;
            if (!codes.isEmpty()) codes.append(';');
            codes.append(c);
        }
        return codes.isEmpty() ? "" : "\u001b[" + codes + "m";
    }
}
