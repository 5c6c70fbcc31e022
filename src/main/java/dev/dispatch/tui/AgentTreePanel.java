package dev.dispatch.tui;

import java.util.List;

/**
 * The live agent hierarchy: one row per agent (indent by depth, status icon for what it does or waits
 * for, name, model badge), folded subtrees as one row with the count they hide, the selection
 * highlighted, and the counts by state on the last row. Scrolls to keep the selection visible.
 */
final class AgentTreePanel {
    private AgentTreePanel() {}

    static void draw(Painter p, ViewModel vm, Focus focus) {
        List<AgentTree.Row> rows = vm.tree();
        int total = vm.agents.size();
        String shown = rows.size() < total ? ", " + rows.size() + " shown" : "";
        p.row(0, " Agents (" + total + shown + ")" + (focus == Focus.TREE ? " ↑↓" : ""), Style.BOLD);
        int listH = p.height() - 2;
        if (rows.isEmpty()) {
            p.put(1, 1, "none yet", Style.MUTED);
        }
        int sel = Math.max(0, AgentTree.indexOf(rows, vm.agentTree.visibleAncestor(vm.selectedId)));
        int first = Math.max(0, Math.min(sel - listH + 1, rows.size() - listH));
        first = Math.max(0, Math.min(first, sel));
        for (int r = 0; r < listH && first + r < rows.size(); r++) {
            AgentTree.Row row = rows.get(first + r);
            AgentView a = row.agent();
            boolean selected = r + first == sel;
            String indent = "  ".repeat(Math.min(row.depth(), 6));
            String badge = badge(a.model);
            int nameRoom = p.width() - indent.length() - 3 - (badge.isEmpty() ? 0 : badge.length() + 1);
            String name = TextWrap.fit(a.label() + marks(row), Math.max(1, nameRoom));
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
        AgentTree.Counts c = vm.counts();
        p.row(
                p.height() - 1,
                " Σ" + c.total() + " ▶" + c.running() + " ?" + c.waiting() + " ✓" + c.done() + " ✗" + c.error(),
                Style.MUTED);
    }

    /** After the name: » a detached agent (its own thread), +N the descendants a folded subtree hides. */
    static String marks(AgentTree.Row row) {
        return (row.agent().detached ? " »" : "") + (row.hidden() > 0 ? " +" + row.hidden() : "");
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
