package dev.dispatch.coord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into search terms (runs of letters and digits, lower-cased) and builds snippets with
 * the matched terms in [brackets]. Index and query use the same rules, so what is written can be found.
 */
final class Terms {
    /** Longer runs (hashes, base64) are not useful terms and would bloat the index. */
    static final int MAX_TERM_CHARS = 64;

    private static final int SNIPPET_CHARS = 160;
    private static final int LEAD_CHARS = 50;

    /** A term and where it sits in the text, as char offsets [start, end). */
    record Span(String term, int start, int end) {}

    private Terms() {}

    static List<String> of(String text) {
        return spans(text).stream().map(Span::term).toList();
    }

    static List<Span> spans(String text) {
        List<Span> out = new ArrayList<>();
        if (text == null) return out;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            if (i - start <= MAX_TERM_CHARS)
                out.add(new Span(text.substring(start, i).toLowerCase(Locale.ROOT), start, i));
        }
        return out;
    }

    /**
     * About {@value #SNIPPET_CHARS} characters of {@code text} around the first matched term, each
     * match in [brackets], line breaks flattened; the head of the text when nothing matches.
     */
    static String snippet(String text, Set<String> wanted) {
        if (text == null || text.isEmpty()) return "";
        List<Span> spans = spans(text);
        int first = -1;
        for (Span s : spans) {
            if (wanted.contains(s.term())) {
                first = s.start();
                break;
            }
        }
        int from = first < 0 ? 0 : Math.max(0, first - LEAD_CHARS);
        int to = Math.min(text.length(), from + SNIPPET_CHARS);
        // Never cut a surrogate pair in half.
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) from--;
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) to++;
        StringBuilder out = new StringBuilder(from > 0 ? "…" : "");
        int at = from;
        for (Span s : spans) {
            if (s.start() < from || s.end() > to || !wanted.contains(s.term())) continue;
            out.append(text, at, s.start())
                    .append('[')
                    .append(text, s.start(), s.end())
                    .append(']');
            at = s.end();
        }
        out.append(text, at, to);
        if (to < text.length()) out.append('…');
        return out.toString().replaceAll("\\s+", " ").strip();
    }
}
