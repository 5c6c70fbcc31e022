package dev.dispatch.tui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text being typed: multi-line, with a cursor; a history of sent prompts (↑ on the first line
 * recalls older ones, ↓ on the last line newer ones; the unsent draft is kept; kept per project by
 * {@link PromptHistory}); large pastes shown as a placeholder ({@code [pasted 240 lines]}) that
 * expands into the prompt on send; and ctrl+R reverse search through the history.
 */
final class InputState {
    /** A paste longer than this many lines (or {@link #PASTE_CHARS} characters) shows as a placeholder. */
    static final int PASTE_LINES = 5;

    static final int PASTE_CHARS = 800;

    final StringBuilder text = new StringBuilder();
    int cursor;
    private PromptHistory history = PromptHistory.inMemory();
    private int historyAt = -1;
    private String draft = "";
    /** Placeholder shown in the box → the pasted text it stands for. */
    private final Map<String, String> pastes = new LinkedHashMap<>();
    /** The ctrl+R search, or null when none is open. */
    Search search;

    /** The reverse search: what is typed, and which history entry (index) matches it now (-1: none). */
    static final class Search {
        final StringBuilder query = new StringBuilder();
        int match = -1;
        final String draft;

        Search(String draft) {
            this.draft = draft;
        }
    }

    void useHistory(PromptHistory h) {
        history = h;
        historyAt = -1;
    }

    List<String> history() {
        return history.entries();
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    void insert(String s) {
        text.insert(cursor, s);
        cursor += s.length();
    }

    /** Inserts pasted text: as it is when short, else as a placeholder that {@link #take} expands. */
    void paste(String pasted) {
        String s = pasted.replace("\r\n", "\n").replace('\r', '\n');
        int lines = (int) s.chars().filter(c -> c == '\n').count() + (s.endsWith("\n") ? 0 : 1);
        if (lines <= PASTE_LINES && s.length() <= PASTE_CHARS) {
            insert(s);
            return;
        }
        String label = "[pasted " + lines + " lines]";
        for (int n = 2; pastes.containsKey(label) && !pastes.get(label).equals(s); n++) {
            label = "[pasted " + lines + " lines #" + n + "]";
        }
        pastes.put(label, s);
        insert(label);
    }

    /** Placeholders in the box now. */
    Map<String, String> pastes() {
        return pastes;
    }

    void backspace() {
        if (cursor == 0) return;
        // a placeholder goes as a whole: half of one would send its label instead of the paste
        for (String label : pastes.keySet()) {
            if (cursor >= label.length()
                    && text.substring(cursor - label.length(), cursor).equals(label)) {
                text.delete(cursor - label.length(), cursor);
                cursor -= label.length();
                if (text.indexOf(label) < 0) pastes.remove(label);
                return;
            }
        }
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

    /** What the box shows ({@code shown}, placeholders in it) and what it means ({@code text}, pastes expanded). */
    record Typed(String shown, String text) {}

    /** Takes the text to send (pastes expanded), records it in history, and empties the box. */
    Typed take() {
        String shown = text.toString();
        String expanded = shown;
        for (var p : pastes.entrySet()) expanded = expanded.replace(p.getKey(), p.getValue());
        if (!expanded.isBlank()) history.add(expanded);
        historyAt = -1;
        draft = "";
        pastes.clear();
        set("");
        return new Typed(shown, expanded);
    }

    /** Empties the box (ctrl+C), keeping history. */
    void clear() {
        pastes.clear();
        historyAt = -1;
        set("");
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
        List<String> h = history.entries();
        if (h.isEmpty() || historyAt == 0) return;
        if (historyAt < 0) {
            draft = text.toString();
            historyAt = h.size();
        }
        set(h.get(--historyAt));
    }

    void historyNext() {
        List<String> h = history.entries();
        if (historyAt < 0) return;
        if (++historyAt >= h.size()) {
            historyAt = -1;
            set(draft);
        } else {
            set(h.get(historyAt));
        }
    }

    /** Opens ctrl+R search, or (already open) steps to the next older match. */
    void searchBack() {
        if (search == null) {
            search = new Search(text.toString());
            return;
        }
        find(search.match < 0 ? history.entries().size() - 1 : search.match - 1);
    }

    void searchType(String s) {
        search.query.append(s);
        find(history.entries().size() - 1);
    }

    void searchBackspace() {
        if (!search.query.isEmpty()) search.query.setLength(search.query.length() - 1);
        find(history.entries().size() - 1);
    }

    /** The newest entry at or before {@code from} that contains the query; the match stays when none. */
    private void find(int from) {
        String q = search.query.toString();
        List<String> h = history.entries();
        for (int i = Math.min(from, h.size() - 1); i >= 0; i--) {
            if (h.get(i).contains(q)) {
                search.match = i;
                return;
            }
        }
        if (q.isEmpty()) search.match = -1;
    }

    /** The entry the search shows now, or "" when nothing matches. */
    String searchMatch() {
        return search == null || search.match < 0 ? "" : history.entries().get(search.match);
    }

    /** Ends the search: the match goes into the box ({@code accept}), else the draft comes back. */
    void endSearch(boolean accept) {
        if (search == null) return;
        String chosen = accept && search.match >= 0 ? searchMatch() : search.draft;
        search = null;
        historyAt = -1;
        set(chosen);
    }

    int lineCount() {
        return search != null ? 1 : Math.max(1, countLines());
    }

    private int countLines() {
        int n = 1;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        return n;
    }
}
