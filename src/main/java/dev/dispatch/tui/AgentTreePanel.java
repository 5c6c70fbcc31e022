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
        ExternalAgents ext = vm.agentTree.external;
        String conflicts =
                ext.conflicts > 0 ? "  ⚠" + ext.conflicts + " conflict" + (ext.conflicts > 1 ? "s" : "") : "";
        p.row(
                0,
                " Agents (" + total + shown + ")" + (focus == Focus.TREE ? " ↑↓" : "") + conflicts,
                conflicts.isEmpty() ? Style.BOLD : Style.ERROR);
        int extH = external(p, ext, focus);
        int listH = p.height() - 2 - extH;
        if (rows.isEmpty()) {
            p.put(1, 1, "none yet", Style.MUTED);
        }
        int sel = Math.max(0, AgentTree.indexOf(rows, vm.agentTree.visibleAncestor(vm.selectedId)));
        int first = Math.max(0, Math.min(sel - listH + 1, rows.size() - listH));
        first = Math.max(0, Math.min(first, sel));
        for (int r = 0; r < listH && first + r < rows.size(); r++) {
            AgentTree.Row row = rows.get(first + r);
            AgentView a = row.agent();
            boolean selected = r + first == sel && ext.selected == null; // else an external agent is
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

    /**
     * The external agents above the counts row: a header, one row each (state icon, name, CLI, state,
     * nudges; the selected one highlighted), then the preview of one pane. Gets at most half the panel;
     * answers the rows it used.
     */
    static int external(Painter p, ExternalAgents ext, Focus focus) {
        if (ext.agents.isEmpty()) return 0;
        int room = Math.max(0, (p.height() - 2) / 2);
        if (room < 2) return 0;
        int listH = Math.min(ext.agents.size(), Math.max(1, room - 3));
        int previewH = ext.preview.isEmpty() ? 0 : Math.min(ext.preview.size() + 1, room - 1 - listH);
        if (previewH < 2) previewH = 0;
        int used = 1 + listH + previewH;
        int y = p.height() - 1 - used;
        p.row(y++, " External (" + ext.agents.size() + ")" + (ext.selected != null ? "  a: attach" : ""), Style.BOLD);
        int sel = -1;
        for (int i = 0; i < ext.agents.size(); i++) if (ext.agents.get(i).name().equals(ext.selected)) sel = i;
        int from = Math.max(0, Math.min(sel - listH + 1, ext.agents.size() - listH));
        for (int i = from; i < from + listH; i++) {
            var a = ext.agents.get(i);
            if (i == sel) {
                String line = " " + ExternalAgents.icon(a.state()) + " " + ExternalAgents.label(a);
                p.row(y++, TextWrap.fit(line, p.width()), focus == Focus.TREE ? Style.SELECTED : Style.BOLD);
                continue;
            }
            p.put(
                    1,
                    y,
                    ExternalAgents.icon(a.state()),
                    a.state() == dev.dispatch.protocol.FleetOps.State.exited ? Style.MUTED : Style.NORMAL);
            p.put(3, y++, TextWrap.fit(ExternalAgents.label(a), Math.max(1, p.width() - 3)), Style.NORMAL);
        }
        if (previewH > 0) {
            p.row(y++, TextWrap.fit(" ─ " + ext.previewName + " ─", p.width()), Style.MUTED);
            List<String> last =
                    ext.preview.subList(Math.max(0, ext.preview.size() - (previewH - 1)), ext.preview.size());
            for (String line : last)
                p.put(
                        1,
                        y++,
                        TextWrap.fit(line.replaceAll("\\p{Cntrl}", " "), Math.max(1, p.width() - 1)),
                        Style.MUTED);
        }
        return used;
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
