package dev.dispatch.tui;

import java.util.List;

/**
 * The live agent hierarchy: one row per agent (indent by depth, status icon, name, model badge), the
 * selection highlighted, and a counts summary on the last row. Scrolls to keep the selection visible.
 */
final class AgentTreePanel {
    private AgentTreePanel() {}

    static void draw(Painter p, ViewModel vm, Focus focus) {
        List<ViewModel.TreeRow> rows = vm.tree();
        p.row(0, " Agents (" + rows.size() + ")" + (focus == Focus.TREE ? " ↑↓" : ""), Style.BOLD);
        int listH = p.height() - 2;
        if (rows.isEmpty()) {
            p.put(1, 1, "none yet", Style.MUTED);
        }
        int sel = 0;
        for (int i = 0; i < rows.size(); i++) if (rows.get(i).agent().id.equals(vm.selectedId)) sel = i;
        int first = Math.max(0, Math.min(sel - listH + 1, rows.size() - listH));
        first = Math.max(0, Math.min(first, sel));
        for (int r = 0; r < listH && first + r < rows.size(); r++) {
            ViewModel.TreeRow row = rows.get(first + r);
            AgentView a = row.agent();
            boolean selected = a.id.equals(vm.selectedId);
            String indent = "  ".repeat(Math.min(row.depth(), 6));
            String badge = badge(a.model);
            int nameRoom = p.width() - indent.length() - 3 - (badge.isEmpty() ? 0 : badge.length() + 1);
            String name = TextWrap.fit(a.label(), Math.max(1, nameRoom));
            String line = indent + " " + StatusIcon.icon(a.status) + " " + name;
            int y = 1 + r;
            if (selected) {
                p.row(
                        y,
                        line + " ".repeat(Math.max(0, p.width() - line.length() - badge.length())) + badge,
                        focus == Focus.TREE ? Style.SELECTED : Style.BOLD);
            } else {
                p.put(0, y, indent + " ", Style.NORMAL);
                p.put(indent.length() + 1, y, StatusIcon.icon(a.status), StatusIcon.style(a.status));
                p.put(indent.length() + 3, y, name, Style.NORMAL);
                if (!badge.isEmpty()) p.put(p.width() - badge.length(), y, badge, Style.MUTED);
            }
        }
        ViewModel.Counts c = vm.counts();
        p.row(
                p.height() - 1,
                " ▶" + c.running() + " ?" + c.waiting() + " ✓" + c.done() + " ✗" + c.error(),
                Style.MUTED);
    }

    /** A short model name: provider prefix and date suffix dropped, at most 10 characters. */
    static String badge(String model) {
        if (model == null || model.isBlank()) return "";
        String m = model.substring(model.lastIndexOf('/') + 1)
                .replaceAll("-\\d{8}$", "")
                .replaceFirst("^claude-", "");
        return TextWrap.fit(m, 10);
    }
}
