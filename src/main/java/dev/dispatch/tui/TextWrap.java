package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes arbitrary model and tool text safe and sized for cells: strips terminal escape sequences and
 * control characters (a tool's output must never move our cursor or recolour the screen), expands
 * tabs, and wraps to a width, breaking words only when a word is longer than the line.
 */
final class TextWrap {
    private TextWrap() {}

    static String sanitize(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0x1b) {
                i = skipEscape(s, i);
            } else if (c == '\t') {
                b.append("    ");
            } else if (c == '\n') {
                b.append('\n');
            } else if (c == '\r') {
                // CRLF and progress-bar carriage returns: keep the line, drop the return
            } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                // other control characters have no printable meaning in a cell
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int skipEscape(String s, int i) {
        if (i + 1 >= s.length()) return i;
        char n = s.charAt(i + 1);
        if (n == '[') {
            int j = i + 2;
            while (j < s.length() && (s.charAt(j) < 0x40 || s.charAt(j) > 0x7e)) j++;
            return j;
        }
        if (n == ']') {
            int j = i + 2;
            while (j < s.length() && s.charAt(j) != 0x07 && !(s.charAt(j) == 0x1b)) j++;
            return j < s.length() && s.charAt(j) == 0x1b ? j + 1 : j;
        }
        return i + 1;
    }

    /** Wraps sanitised text; every returned string is at most {@code width} characters. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        int w = Math.max(1, width);
        for (String para : text.split("\n", -1)) {
            if (para.isEmpty()) {
                out.add("");
                continue;
            }
            int start = 0;
            while (start < para.length()) {
                int end = Math.min(para.length(), start + w);
                if (end < para.length()) {
                    int space = para.lastIndexOf(' ', end);
                    if (space > start) end = space;
                }
                out.add(para.substring(start, end));
                // the space we broke at belongs to neither line
                start = end < para.length() && para.charAt(end) == ' ' ? end + 1 : end;
            }
        }
        return out;
    }

    /** Cuts to width, marking the cut with an ellipsis. */
    static String fit(String s, int width) {
        if (width <= 0) return "";
        if (s.length() <= width) return s;
        return width == 1 ? "…" : s.substring(0, width - 1) + "…";
    }
}
