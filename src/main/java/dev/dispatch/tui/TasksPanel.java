package dev.dispatch.tui;

import dev.dispatch.protocol.WorkbenchOps.TaskLine;
import java.util.List;

/** The space's coordination tasks, then the selected agent's own; says why when the engine has none. */
final class TasksPanel {
    private TasksPanel() {}

    static void draw(Painter p, ViewModel vm) {
        p.row(0, " Tasks", Style.BOLD);
        TaskBoardView t = vm.tasks;
        if (t.board == null) {
            int y = 1;
            for (String s : TextWrap.wrap("unknown: " + t.unavailable, p.width() - 2)) p.put(1, y++, s, Style.MUTED);
            return;
        }
        int y = 1;
        y = section(p, y, "space", t.board.space());
        if (vm.selected() != null) section(p, y, vm.selected().label(), t.board.agent());
    }

    private static int section(Painter p, int y, String title, List<TaskLine> tasks) {
        p.put(1, y++, title + " (" + (tasks == null ? 0 : tasks.size()) + ")", Style.MUTED);
        if (tasks == null || tasks.isEmpty()) {
            p.put(2, y++, "no tasks", Style.MUTED);
            return y;
        }
        for (TaskLine l : tasks) {
            if (y >= p.height()) break;
            String holder = l.holder() == null ? "" : " @" + l.holder();
            p.put(1, y++, mark(l.state()) + " " + l.title() + " [" + l.state() + "]" + holder, Style.NORMAL);
        }
        return y;
    }

    static String mark(String state) {
        return switch (state == null ? "" : state) {
            case "done" -> "✓";
            case "dead", "failed" -> "✗";
            case "claimed", "running" -> "▶";
            default -> "·";
        };
    }
}
