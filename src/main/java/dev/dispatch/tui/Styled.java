package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text with a style per character, built up run by run (a paragraph with bold and inline code, a
 * highlighted code line) and then cut into {@link Line}s: word-wrapped with a prefix for the first and
 * the following rows (list bullets, quote bars), or hard-wrapped by character (code, diffs).
 */
final class Styled {
    private final StringBuilder text = new StringBuilder();
    private Style[] styles = new Style[32];

    Styled() {}

    Styled(String s, Style style) {
        append(s, style);
    }

    Styled append(String s, Style style) {
        int from = text.length();
        text.append(s);
        if (text.length() > styles.length) styles = Arrays.copyOf(styles, Math.max(text.length(), styles.length * 2));
        Arrays.fill(styles, from, text.length(), style);
        return this;
    }

    Styled append(Styled other) {
        int from = text.length();
        text.append(other.text);
        if (text.length() > styles.length) styles = Arrays.copyOf(styles, Math.max(text.length(), styles.length * 2));
        System.arraycopy(other.styles, 0, styles, from, other.length());
        return this;
    }

    /** Restyles {@code [from, to)}. */
    void style(int from, int to, Style style) {
        Arrays.fill(styles, from, Math.min(to, text.length()), style);
    }

    int length() {
        return text.length();
    }

    String text() {
        return text.toString();
    }

    Style at(int i) {
        return styles[i];
    }

    boolean isBlank() {
        return text.toString().isBlank();
    }

    /** Columns {@code [from, to)} as their own styled text. */
    Styled slice(int from, int to) {
        Styled s = new Styled();
        s.text.append(text, from, to);
        s.styles = Arrays.copyOfRange(styles, from, Math.max(from + 1, to));
        if (s.styles.length < 32) s.styles = Arrays.copyOf(s.styles, 32);
        return s;
    }

    /** One row: {@code prefix} then columns {@code [from, to)}, spans where the style differs from {@code base}. */
    Line line(Styled prefix, int from, int to, Style base) {
        int p = prefix.length();
        int n = p + to - from;
        StringBuilder t = new StringBuilder(n).append(prefix.text).append(text, from, to);
        List<Line.Span> spans = new ArrayList<>();
        int i = 0;
        while (i < n) {
            Style si = i < p ? prefix.styles[i] : styles[from + i - p];
            int j = i + 1;
            while (j < n && (j < p ? prefix.styles[j] : styles[from + j - p]) == si) j++;
            if (si != base) spans.add(new Line.Span(i, j, si));
            i = j;
        }
        return new Line(t.toString(), base, spans);
    }

    Line toLine(Style base) {
        return line(new Styled(), 0, text.length(), base);
    }

    /**
     * Word-wraps to {@code width} columns (prefixes included), breaking a word only when it is longer
     * than a row; {@code '\n'} is a hard break. Spaces at a break belong to neither row.
     */
    List<Line> wrap(int width, Styled first, Styled rest, Style base) {
        List<Line> out = new ArrayList<>();
        boolean firstRow = true;
        String s = text.toString();
        int paraStart = 0;
        while (true) {
            int nl = s.indexOf('\n', paraStart);
            int paraEnd = nl < 0 ? s.length() : nl;
            int start = paraStart;
            do {
                Styled prefix = firstRow ? first : rest;
                int w = Math.max(1, width - prefix.length());
                int end = Math.min(paraEnd, start + w);
                if (end < paraEnd) {
                    int space = s.lastIndexOf(' ', end);
                    if (space > start) end = space;
                }
                out.add(line(prefix, start, end, base));
                firstRow = false;
                start = end < paraEnd && s.charAt(end) == ' ' ? end + 1 : end;
            } while (start < paraEnd);
            if (nl < 0) break;
            paraStart = nl + 1;
        }
        return out;
    }

    /** Cuts every {@code width - prefix} characters, keeping all spacing (code, diff lines). */
    List<Line> hardWrap(int width, Styled first, Styled rest, Style base) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        boolean firstRow = true;
        do {
            Styled prefix = firstRow ? first : rest;
            int w = Math.max(1, width - prefix.length());
            int end = Math.min(text.length(), start + w);
            out.add(line(prefix, start, end, base));
            firstRow = false;
            start = end;
        } while (start < text.length());
        return out;
    }
}
