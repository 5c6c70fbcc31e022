package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * One agent's conversation as the chat panel shows it. Streaming appends to the last assistant entry
 * (or the running tool's output) instead of creating entries, so 10,000 deltas are one entry.
 */
final class Transcript {
    private final List<Entry> entries = new ArrayList<>();
    private int version;

    List<Entry> entries() {
        return entries;
    }

    int size() {
        return entries.size();
    }

    /** Bumped on every change; the chat panel uses it to keep its scroll anchor. */
    int version() {
        return version;
    }

    void add(Entry e) {
        entries.add(e);
        version++;
    }

    void insert(int index, Entry e) {
        entries.add(index, e);
        version++;
    }

    /** Takes {@code e} out (a queued prompt taken back before it was sent). */
    void remove(Entry e) {
        if (entries.remove(e)) version++;
    }

    void changed(Entry e) {
        e.touch();
        version++;
    }

    void clear() {
        entries.clear();
        version++;
    }

    Entry last() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    Entry.Tool tool(String callId) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i) instanceof Entry.Tool t && t.callId.equals(callId)) return t;
        }
        return null;
    }

    /** Appends streamed answer text, opening a new assistant entry after a tool call or user message. */
    void appendText(String label, String text) {
        Entry.Assistant a;
        if (last() instanceof Entry.Assistant open) {
            a = open;
        } else {
            a = new Entry.Assistant(label);
            add(a);
        }
        a.text.append(text);
        changed(a);
    }

    /** Every entry whose text contains {@code query}, ignoring case, oldest first. */
    List<Integer> search(String query) {
        List<Integer> hits = new ArrayList<>();
        if (query == null || query.isEmpty()) return hits;
        String q = query.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).searchText().toLowerCase(java.util.Locale.ROOT).contains(q)) hits.add(i);
        }
        return hits;
    }
}
