package dev.dispatch.tui;

import dev.dispatch.protocol.WorkbenchOps.TaskLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The selected agent's details above its chat (F3 shows and hides them): model, parent, template,
 * detached flag and depth, what it does or waits for, tokens and cost, and its task list (the board
 * the workbench polls for the selected agent), what it may do without asking and its loaded skills
 * (from the engine's agent list, asked again when a permission is answered or a skill loaded).
 */
final class AgentDetailPane {
    static final int MAX_ROWS = 11;

    private AgentDetailPane() {}

    /** The pane's lines for the selected agent (empty with none selected). */
    static List<String> lines(ViewModel vm) {
        AgentView a = vm.selected();
        List<String> out = new ArrayList<>();
        if (a == null) return out;
        out.add("agent     " + a.label() + " (" + a.id + ")");
        out.add("model     " + (a.model == null ? "?" : (a.provider == null ? "" : a.provider + "/") + a.model));
        out.add("parent    " + (a.parentId == null ? "none (a root agent)" : vm.agentLabel(a.parentId)));
        out.add("template  " + (a.template == null ? "main" : a.template) + " · depth " + a.depth
                + (a.detached ? " · detached (own thread)" : ""));
        String detail = a.detail == null || a.detail.isBlank() ? "" : ": " + TextWrap.sanitize(a.detail);
        out.add("status    " + StatusIcon.words(a.status) + detail);
        out.add("usage     " + StatusBar.tokens(a.inputTokens + a.outputTokens) + " tok ("
                + StatusBar.tokens(a.inputTokens) + " in, " + StatusBar.tokens(a.outputTokens) + " out) · "
                + String.format(Locale.ROOT, "$%.4f", a.costUsd));
        out.add("may       "
                + (a.permissions.isEmpty() ? "unknown yet" : TextWrap.sanitize(String.join(" · ", a.permissions))));
        out.add("skills    " + (a.skills.isEmpty() ? "none" : TextWrap.sanitize(String.join(", ", a.skills))));
        out.add("tasks     " + tasks(vm));
        return out;
    }

    private static String tasks(ViewModel vm) {
        TaskBoardView t = vm.tasks;
        if (t.board == null) return "unknown: " + t.unavailable;
        List<TaskLine> mine = t.board.agent();
        if (mine == null || mine.isEmpty()) return "none";
        List<String> parts = new ArrayList<>();
        for (TaskLine l : mine) parts.add(TasksPanel.mark(l.state()) + " " + l.title() + " [" + l.state() + "]");
        return mine.size() + ": " + String.join(" · ", parts);
    }

    /** How many rows the pane takes in a chat column of {@code height} rows: the chat keeps at least half. */
    static int rows(ViewModel vm, int height) {
        if (vm.selected() == null) return 0;
        return Math.min(Math.min(MAX_ROWS, lines(vm).size() + 2), height / 2);
    }

    static void draw(Painter p, ViewModel vm) {
        p.row(0, " Details · F3 hides", Style.BOLD);
        List<String> lines = lines(vm);
        for (int i = 0; i < lines.size() && 1 + i < p.height() - 1; i++)
            p.put(1, 1 + i, TextWrap.fit(lines.get(i), Math.max(1, p.width() - 2)), Style.NORMAL);
        p.hline(p.height() - 1, '─', Style.MUTED);
    }
}
