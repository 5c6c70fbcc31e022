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
        int w = Math.min(72, width - 2);
        int h = Math.min(height - 2, bodyLines + 4);
        return new Rect((width - w) / 2, Math.max(1, (height - h) / 2), w, h);
    }

    static void draw(
            com.googlecode.lanterna.graphics.TextGraphics g,
            int width,
            int height,
            ViewModel vm,
            PermissionRequested p) {
        List<String> lines = new ArrayList<>();
        int inner = Math.min(72, width - 2) - 4;
        for (String s : body(vm, p)) {
            List<String> wrapped = TextWrap.wrap(s, inner);
            for (int i = 0; i < wrapped.size(); i++)
                lines.add(
                        i == 0 ? wrapped.get(i) : "           " + wrapped.get(i).stripLeading());
        }
        Rect r = area(width, height, lines.size());
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
        for (String s : lines) {
            if (y >= r.height() - 2) break;
            m.put(2, y++, s, Style.MODAL);
        }
        m.put(2, r.height() - 2, TextWrap.fit(KEYS, inner), Style.KEY);
    }
}
