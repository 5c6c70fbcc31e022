package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The chat panel's viewport over a {@link Transcript}: where it is scrolled, which entry the cursor is
 * on, and the search. The position is an anchor (entry, line) for the bottom row rather than a line
 * number from the top, so scrolling and drawing cost only what is visible, never the whole history,
 * and a scrolled view stays put while new text streams in below it. A null anchor follows the end.
 */
final class ChatView {
    Integer anchorEntry;
    int anchorLine;
    int cursor = -1;
    boolean expandAll;
    final Search search = new Search();
    int width = 80;
    /** The chat panel's height at the last frame; the body is that minus the title and search rows. */
    int panelHeight = 22;

    int firstVisible = -1;
    int lastVisible = -1;

    /** The conversation search: query, matching entries, which one is current. */
    static final class Search {
        boolean active;
        final StringBuilder query = new StringBuilder();
        List<Integer> hits = new ArrayList<>();
        int current = -1;
    }

    int bodyHeight() {
        return Math.max(1, panelHeight - 1 - (search.active ? 1 : 0));
    }

    void reset() {
        anchorEntry = null;
        anchorLine = 0;
        cursor = -1;
        search.active = false;
        search.query.setLength(0);
        search.hits = new ArrayList<>();
        search.current = -1;
    }

    boolean following() {
        return anchorEntry == null;
    }

    /** An entry's rows: a blank separator before every entry but the first, then its lines. */
    int blockSize(Transcript t, int i) {
        return t.entries().get(i).lines(width, Expansion.of(this)).size() + (i > 0 ? 1 : 0);
    }

    void scrollUp(Transcript t, int n) {
        if (t.size() == 0) return;
        int e = anchorEntry == null ? t.size() - 1 : Math.min(anchorEntry, t.size() - 1);
        int l = anchorEntry == null ? blockSize(t, e) - 1 : Math.min(anchorLine, blockSize(t, e) - 1);
        l -= n;
        while (l < 0 && e > 0) {
            e--;
            l += blockSize(t, e);
        }
        anchorEntry = e;
        anchorLine = Math.max(0, l);
    }

    void scrollDown(Transcript t, int n) {
        if (anchorEntry == null) return;
        int e = Math.min(anchorEntry, t.size() - 1);
        int l = anchorLine + n;
        while (e >= 0 && l >= blockSize(t, e)) {
            if (e == t.size() - 1) {
                anchorEntry = null;
                return;
            }
            l -= blockSize(t, e);
            e++;
        }
        anchorEntry = e;
        anchorLine = l;
    }

    /** Scrolls so entry {@code i} starts at the top of the view (or as near as the end allows). */
    void showFromTop(Transcript t, int i) {
        anchorEntry = i;
        anchorLine = 0;
        scrollDown(t, bodyHeight() - 1 + (i > 0 ? 1 : 0));
    }

    /** Moves the cursor between entries, scrolling just enough to keep it in view. */
    void moveCursor(Transcript t, int delta) {
        if (t.size() == 0) return;
        int from = cursor < 0 ? (delta < 0 ? t.size() : -1) : cursor;
        cursor = Math.max(0, Math.min(t.size() - 1, from + delta));
        if (cursor < firstVisible || firstVisible < 0) showFromTop(t, cursor);
        else if (cursor > lastVisible) {
            anchorEntry = cursor;
            anchorLine = blockSize(t, cursor) - 1;
            if (cursor == t.size() - 1) anchorEntry = null;
        }
    }

    void runSearch(Transcript t) {
        search.hits = t.search(search.query.toString());
        search.current = search.hits.isEmpty() ? -1 : search.hits.size() - 1;
        jumpToCurrent(t);
    }

    /** Steps through hits; {@code delta} -1 goes to an older hit, +1 to a newer one. */
    void stepSearch(Transcript t, int delta) {
        if (search.hits.isEmpty()) return;
        int n = search.hits.size();
        search.current = ((search.current + delta) % n + n) % n;
        jumpToCurrent(t);
    }

    private void jumpToCurrent(Transcript t) {
        if (search.current < 0) return;
        cursor = search.hits.get(search.current);
        showFromTop(t, cursor);
    }
}
