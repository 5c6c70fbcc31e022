package dev.dispatch.tui;

/**
 * Where a streaming markdown text can be cut so the part before it renders the same whatever comes
 * next: before a line that starts a new unindented block after a blank line (so an indented
 * continuation of a list item is never cut off from its item), or after a closing code fence; never
 * inside a fence. Line mode prints up to there; the rest waits for more text or the answer's end.
 */
final class MarkdownStream {
    private MarkdownStream() {}

    /** The end of the last complete block in {@code text}, 0 when there is none yet. */
    static int stableEnd(CharSequence text) {
        return stableEnd(text, 0);
    }

    /** {@link #stableEnd(CharSequence)} scanning from {@code from}, itself a stable end (or 0); answers at least {@code from}. */
    static int stableEnd(CharSequence text, int from) {
        int stable = from;
        String fence = null;
        int lineStart = from;
        boolean prevBlank = false;
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) != '\n') continue;
            String line = text.subSequence(lineStart, i).toString();
            String t = line.stripLeading();
            boolean indentOk = line.length() - t.length() <= 3;
            if (fence == null && prevBlank && !line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                stable = lineStart;
            }
            if (fence == null && indentOk && (t.startsWith("```") || t.startsWith("~~~"))) {
                fence = t.substring(0, 3);
            } else if (fence != null && indentOk && closes(t, fence)) {
                fence = null;
                stable = i + 1;
            }
            prevBlank = fence == null && line.isBlank();
            lineStart = i + 1;
        }
        // the first character of an unfinished line is enough to know a new block starts there
        if (fence == null && prevBlank && lineStart < text.length() && !Character.isWhitespace(text.charAt(lineStart)))
            stable = lineStart;
        return stable;
    }

    private static boolean closes(String line, String fence) {
        String s = line.strip();
        if (!s.startsWith(fence)) return false;
        for (int k = 0; k < s.length(); k++) if (s.charAt(k) != fence.charAt(0)) return false;
        return true;
    }
}
