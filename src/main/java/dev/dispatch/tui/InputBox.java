package dev.dispatch.tui;

/**
 * The message box at the bottom and the rule above it, which says where Enter sends (the selected
 * agent, queued if it is busy, the answer to its open question, or a new agent; a finished detached
 * thread is read-only) and shows slash-command completions.
 */
final class InputBox {
    private InputBox() {}

    static String rule(ViewModel vm, String hint) {
        AgentView a = vm.selected();
        String to;
        if (a == null) {
            to = "new agent" + (vm.template == null ? "" : " from template " + vm.template)
                    + (vm.modelOverride == null ? "" : " (" + vm.modelOverride + ")");
        } else if (vm.queue.questionOf(a.id) != null) {
            return "─ answer " + a.label() + "'s question " + (hint == null || hint.isEmpty() ? "" : "─ " + hint + " ");
        } else if (a.readOnly()) {
            return "─ read-only: " + a.label() + " finished (ctrl+t switches threads) "
                    + (hint == null || hint.isEmpty() ? "" : "─ " + hint + " ");
        } else if (a.finished()) {
            to = a.label() + " (finished: Enter starts its next turn)";
        } else if (a.status == dev.dispatch.protocol.AgentStatus.RUNNING) {
            to = a.label() + " (busy: Esc interrupts · Enter queues it until the turn ends)";
        } else {
            to = a.label();
        }
        return "─ to " + to + " " + (hint == null || hint.isEmpty() ? "" : "─ " + hint + " ");
    }

    /** Draws the box; answers the screen position of the text cursor (column, row). */
    static int[] draw(Painter rule, Painter box, ViewModel vm, InputState in, Focus focus, String hint) {
        rule.hline(0, '─', Style.MUTED);
        rule.put(0, 0, rule(vm, hint), focus == Focus.INPUT ? Style.BOLD : Style.MUTED);
        if (in.search != null) {
            // ctrl+R: the query and the newest history entry holding it, on one line
            String match = in.searchMatch().replace('\n', '⏎');
            String label = "(history search) " + in.search.query + ": ";
            box.put(0, 0, label, Style.BOLD);
            box.put(
                    label.length(),
                    0,
                    match.isEmpty() && !in.search.query.isEmpty() ? "no match" : match,
                    match.isEmpty() ? Style.MUTED : Style.NORMAL);
            return new int[] {box.area.col() + label.length() - 2, box.area.row()};
        }
        String[] lines = in.text.toString().split("\n", -1);
        int cursorLine = in.text.substring(0, in.cursor).split("\n", -1).length - 1;
        int cursorCol = in.cursor - (in.text.lastIndexOf("\n", in.cursor - 1) + 1);
        int first = Math.max(0, cursorLine - box.height() + 1);
        int room = box.width() - 2;
        int shift = Math.max(0, cursorCol - room + 1);
        if (in.isEmpty()) {
            box.put(0, 0, "› ", Style.BOLD);
            box.put(2, 0, "Type a message · Enter sends · alt+Enter new line · / commands", Style.MUTED);
        }
        for (int r = 0; r < box.height() && first + r < lines.length; r++) {
            String l = lines[first + r];
            if (first + r == cursorLine && shift > 0) l = l.substring(Math.min(shift, l.length()));
            box.put(0, r, first + r == 0 ? "› " : "  ", Style.BOLD);
            if (!l.isEmpty()) box.put(2, r, l, Style.NORMAL);
        }
        return new int[] {box.area.col() + 2 + cursorCol - shift, box.area.row() + cursorLine - first};
    }
}
