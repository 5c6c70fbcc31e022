package dev.dispatch.tui;

import java.util.List;

/** Every answered permission prompt of this session, newest at the bottom: who, what, decision, by whom. */
final class PermissionLogPanel {
    private PermissionLogPanel() {}

    static void draw(Painter p, ViewModel vm) {
        List<PermissionLogLine> log = vm.permissionLog;
        p.hline(0, '─', Style.MUTED);
        p.put(0, 0, "─ Permission log (" + log.size() + ") ", Style.BOLD);
        if (log.isEmpty()) {
            p.put(1, 1, "no decisions yet", Style.MUTED);
            return;
        }
        int rows = p.height() - 1;
        int y = 1;
        for (PermissionLogLine l : log.subList(Math.max(0, log.size() - rows), log.size())) {
            String d = l.decision().name().toLowerCase(java.util.Locale.ROOT);
            Style s = l.decision() == dev.dispatch.protocol.PermissionAnswer.DENY ? Style.ERROR : Style.OK;
            p.put(1, y, d, s);
            p.put(2 + d.length(), y++, l.tool() + " " + l.target() + " · " + l.agent() + " · " + l.by(), Style.NORMAL);
        }
    }
}
