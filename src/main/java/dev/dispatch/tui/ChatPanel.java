package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conversation of the selected agent. Virtualised: it walks back from the {@link ChatView}'s
 * anchor and wraps only the entries that land on screen, so a frame costs the same with 10 messages
 * or 10,000. Shows the welcome/help text when there is nothing yet, and the search bar when active.
 */
final class ChatPanel {
    private ChatPanel() {}

    private record Row(Line line, int entry, boolean head) {}

    static void draw(Painter p, ViewModel vm, ChatView v, Focus focus, String userConfig) {
        if (p.height() < 2) return;
        Transcript t = vm.transcript();
        AgentView a = vm.selected();
        int searchRows = v.search.active ? 1 : 0;
        v.width = p.width();
        v.panelHeight = p.height();
        int bodyH = v.bodyHeight();
        title(p, a, v);
        if (vm.agents.isEmpty()) {
            Welcome.draw(p, vm, userConfig);
        } else {
            List<Row> rows = visibleRows(t, v, bodyH);
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                Style style = row.head() && row.entry() == v.cursor && focus == Focus.CHAT
                        ? Style.SELECTED
                        : row.line().style();
                p.put(0, 1 + r, row.line().text(), style);
                if (style != Style.SELECTED) spans(p, 1 + r, row.line());
                highlight(p, 1 + r, row.line().text(), v);
            }
        }
        if (searchRows == 1) searchBar(p, v);
    }

    private static void title(Painter p, AgentView a, ChatView v) {
        String left = a == null
                ? "Chat"
                : a.label() + " · " + StatusIcon.words(a.status) + (a.detail == null ? "" : " (" + a.detail + ")");
        String right = v.following() ? "" : " scrolled · End follows ";
        p.row(0, " " + TextWrap.fit(left, Math.max(1, p.width() - right.length() - 2)), Style.BOLD);
        if (!right.isEmpty()) p.put(p.width() - right.length(), 0, right, Style.WARN);
    }

    private static List<Row> visibleRows(Transcript t, ChatView v, int bodyH) {
        List<Row> up = new ArrayList<>();
        if (t.size() == 0) {
            v.firstVisible = -1;
            v.lastVisible = -1;
            return up;
        }
        int last = t.size() - 1;
        int e = v.anchorEntry == null ? last : Math.min(v.anchorEntry, last);
        List<Line> block = block(t, v, e);
        int l = v.anchorEntry == null ? block.size() - 1 : Math.min(v.anchorLine, block.size() - 1);
        int anchorE = e;
        int anchorL = l;
        while (up.size() < bodyH && e >= 0) {
            for (int k = l; k >= 0 && up.size() < bodyH; k--) up.add(row(block, k, e));
            if (--e >= 0) {
                block = block(t, v, e);
                l = block.size() - 1;
            }
        }
        List<Row> rows = new ArrayList<>(up.reversed());
        // 2) near the top of a long history the view is top-aligned: fill from below the anchor
        e = anchorE;
        l = anchorL + 1;
        block = block(t, v, e);
        while (rows.size() < bodyH && e <= last) {
            if (l >= block.size()) {
                if (++e > last) break;
                block = block(t, v, e);
                l = 0;
                continue;
            }
            rows.add(row(block, l++, e));
        }
        v.firstVisible = rows.isEmpty() ? -1 : rows.get(0).entry();
        v.lastVisible = rows.isEmpty() ? -1 : rows.get(rows.size() - 1).entry();
        return rows;
    }

    private static Row row(List<Line> block, int k, int entry) {
        boolean head = entry == 0 ? k == 0 : k == 1;
        return new Row(block.get(k), entry, head);
    }

    private static List<Line> block(Transcript t, ChatView v, int i) {
        List<Line> lines = t.entries().get(i).lines(v.width, Expansion.of(v));
        if (i == 0) return lines;
        List<Line> b = new ArrayList<>(lines.size() + 1);
        b.add(Line.BLANK);
        b.addAll(lines);
        return b;
    }

    /** Restyles the parts of a row that differ from its base style (markdown emphasis, code, diffs). */
    static void spans(Painter p, int row, Line line) {
        String text = line.text();
        for (Line.Span sp : line.spans()) {
            int end = Math.min(sp.end(), text.length());
            if (sp.start() < end) p.put(sp.start(), row, text.substring(sp.start(), end), sp.style());
        }
    }

    private static void highlight(Painter p, int row, String text, ChatView v) {
        if (!v.search.active || v.search.query.isEmpty()) return;
        String q = v.search.query.toString().toLowerCase(Locale.ROOT);
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, i + q.length())) {
            p.put(i, row, text.substring(i, i + q.length()), Style.MATCH);
        }
    }

    private static void searchBar(Painter p, ChatView v) {
        ChatView.Search s = v.search;
        String count = s.query.isEmpty()
                ? "type to search"
                : s.hits.isEmpty() ? "no match" : (s.current + 1) + " of " + s.hits.size();
        p.row(
                p.height() - 1,
                "find: " + s.query + "▏  " + count + " · Enter/↑ older · ↓ newer · Esc close",
                Style.HEADER);
    }
}
