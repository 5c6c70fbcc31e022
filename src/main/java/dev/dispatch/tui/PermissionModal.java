package dev.dispatch.tui;

import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import java.util.ArrayList;
import java.util.List;

/**
 * The permission prompt: drawn last, over everything (help included), whenever a prompt is pending,
 * so it can never be hidden. Names the agent, tool, operation, real paths or command and the reason;
 * shows how many more are queued behind it (questions of detached agents included: one queue). The
 * agent is named by its ancestry ({@code main › planner › researcher}) when it has a parent.
 */
final class PermissionModal {
    static final String KEYS = "[o] once  [s] session  [a] always  [d] deny";

    private PermissionModal() {}

    static List<String> body(ViewModel vm, PermissionRequested p) {
        List<String> out = new ArrayList<>();
        out.add("Agent:     " + vm.ancestryLabel(p.agentId(), p.ancestry()));
        out.add("Tool:      " + p.tool());
        out.add("Operation: " + (p.operation() == null ? "?" : p.operation()));
        if (p.command() != null && !p.command().isBlank())
            out.add("Command:   " + TextWrap.sanitize(p.command()).replace('\n', ' '));
        if (p.paths() != null) {
            for (int i = 0; i < p.paths().size(); i++)
                out.add((i == 0 ? "Path:      " : "           ")
                        + TextWrap.sanitize(p.paths().get(i)));
        }
        out.add("Reason:    "
                + (p.reason() == null
                        ? "not given"
                        : TextWrap.sanitize(p.reason()).replace('\n', ' ')));
        return out;
    }

    /** The modal's rectangle for a screen size: centred, as wide as fits up to 72 columns. */
    static Rect area(int width, int height, int bodyLines) {
        return area(width, height, bodyLines, 72);
    }

    private static Rect area(int width, int height, int bodyLines, int maxWidth) {
        int w = Math.min(maxWidth, width - 2);
        int h = Math.min(height - 2, bodyLines + 4);
        return new Rect((width - w) / 2, Math.max(1, (height - h) / 2), w, h);
    }

    /**
     * The change a write or edit would make, for the prompt that approves it: from the pending call's
     * arguments (its tool-call entry) and the file as it is now. Computed once per call; the file's
     * current text is kept on the entry so the finished call can show the same diff.
     */
    static FileChange.Change change(ViewModel vm, PermissionRequested p) {
        if (!FileChange.isFileEdit(p.tool())) return null;
        AgentView a = vm.agents.get(p.agentId());
        if (a == null) return null;
        Entry.Tool call = null;
        List<Entry> entries = a.transcript.entries();
        for (int i = entries.size() - 1; i >= 0 && call == null; i--) {
            if (entries.get(i) instanceof Entry.Tool t
                    && !t.finished
                    && p.tool().equals(t.tool)) call = t;
        }
        if (call == null) return null;
        if (call.proposed == null) {
            String current = p.paths() == null || p.paths().isEmpty()
                    ? null
                    : FileChange.read(java.nio.file.Path.of(p.paths().get(0)));
            call.before = current;
            call.proposed = FileChange.proposed(call.tool, call.argumentsJson, current);
        }
        return call.proposed;
    }

    static void draw(
            com.googlecode.lanterna.graphics.TextGraphics g,
            int width,
            int height,
            ViewModel vm,
            PermissionRequested p) {
        FileChange.Change change = change(vm, p);
        int maxWidth = change == null ? 72 : 110;
        int inner = Math.min(maxWidth, width - 2) - 4;
        List<Line> lines = new ArrayList<>();
        for (String s : body(vm, p)) {
            List<String> wrapped = TextWrap.wrap(s, inner);
            for (int i = 0; i < wrapped.size(); i++)
                lines.add(Line.of(
                        i == 0 ? wrapped.get(i) : "           " + wrapped.get(i).stripLeading()));
        }
        if (change != null) {
            lines.add(new Line(
                    TextWrap.fit(
                            "Change:    " + DiffView.stats(change.rows())
                                    + (change.note() == null ? "" : " · " + change.note()),
                            inner),
                    Style.MODAL));
            // the diff gets the rows the screen has left (box, keys row, the lines above, its own fold line)
            int room = Math.max(2, height - 6 - lines.size());
            lines.addAll(DiffView.lines(change.rows(), inner, 0, room, "a taller terminal shows more"));
        }
        Rect r = area(width, height, lines.size(), maxWidth);
        Painter m = new Painter(g, r);
        m.fill(Style.MODAL);
        int n = vm.queue.size();
        String title = " Permission needed" + (n > 1 ? " · 1 of " + n + " pending" : "") + " ";
        m.row(0, title, Style.MODAL_TITLE);
        for (int y = 1; y < r.height() - 1; y++) {
            m.put(0, y, "│", Style.MODAL);
            m.put(r.width() - 1, y, "│", Style.MODAL);
        }
        m.hline(r.height() - 1, '─', Style.MODAL);
        int y = 1;
        for (Line l : lines) {
            if (y >= r.height() - 2) break;
            Style base = l.style() == Style.NORMAL ? Style.MODAL : l.style();
            m.put(2, y, l.text(), base);
            for (Line.Span sp : l.spans()) {
                int end = Math.min(sp.end(), l.text().length());
                if (sp.start() < end) m.put(2 + sp.start(), y, l.text().substring(sp.start(), end), sp.style());
            }
            y++;
        }
        m.put(2, r.height() - 2, TextWrap.fit(KEYS, inner), Style.KEY);
    }
}
