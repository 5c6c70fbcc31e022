package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The text being typed: multi-line, with a cursor and a history of sent messages (↑ on the first
 * line recalls older ones, ↓ on the last line newer ones; the unsent draft is kept).
 */
final class InputState {
    final StringBuilder text = new StringBuilder();
    int cursor;
    private final List<String> history = new ArrayList<>();
    private int historyAt = -1;
    private String draft = "";

    boolean isEmpty() {
        return text.isEmpty();
    }

    void insert(String s) {
        text.insert(cursor, s);
        cursor += s.length();
    }

    void backspace() {
        if (cursor == 0) return;
        text.deleteCharAt(--cursor);
    }

    void delete() {
        if (cursor < text.length()) text.deleteCharAt(cursor);
    }

    void left() {
        cursor = Math.max(0, cursor - 1);
    }

    void right() {
        cursor = Math.min(text.length(), cursor + 1);
    }

    void home() {
        cursor = text.lastIndexOf("\n", cursor - 1) + 1;
    }

    void end() {
        int nl = text.indexOf("\n", cursor);
        cursor = nl < 0 ? text.length() : nl;
    }

    void set(String s) {
        text.setLength(0);
        text.append(s);
        cursor = s.length();
    }

    /** Takes the text to send, records it in history, and empties the box. */
    String take() {
        String s = text.toString();
        if (!s.isBlank()
                && (history.isEmpty() || !history.get(history.size() - 1).equals(s))) history.add(s);
        historyAt = -1;
        draft = "";
        set("");
        return s;
    }

    boolean onFirstLine() {
        return text.lastIndexOf("\n", cursor - 1) < 0;
    }

    boolean onLastLine() {
        return text.indexOf("\n", cursor) < 0;
    }

    /** Moves the cursor a line up or down inside multi-line text, keeping the column where it can. */
    void verticalMove(int delta) {
        int lineStart = text.lastIndexOf("\n", cursor - 1) + 1;
        int col = cursor - lineStart;
        if (delta < 0) {
            int prevStart = text.lastIndexOf("\n", lineStart - 2) + 1;
            cursor = Math.min(prevStart + col, lineStart - 1);
        } else {
            int nextStart = text.indexOf("\n", cursor) + 1;
            int nextEnd = text.indexOf("\n", nextStart);
            cursor = Math.min(nextStart + col, nextEnd < 0 ? text.length() : nextEnd);
        }
    }

    void historyPrevious() {
        if (history.isEmpty() || historyAt == 0) return;
        if (historyAt < 0) {
            draft = text.toString();
            historyAt = history.size();
        }
        set(history.get(--historyAt));
    }

    void historyNext() {
        if (historyAt < 0) return;
        if (++historyAt >= history.size()) {
            historyAt = -1;
            set(draft);
        } else {
            set(history.get(historyAt));
        }
    }

    int lineCount() {
        int n = 1;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        return n;
    }
}
