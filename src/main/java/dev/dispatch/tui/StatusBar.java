package dev.dispatch.tui;

import java.util.Locale;

/**
 * The bottom row: agents by state, the session's tokens and cost, what waits for the user (a question
 * or a permission prompt from any agent), and the keys that matter now.
 */
final class StatusBar {
    private StatusBar() {}

    static String text(ViewModel vm, Focus focus, int width) {
        AgentTree.Counts c = vm.counts();
        String left = " ▶" + c.running() + " running ?" + c.waiting() + " waiting ✓" + c.done() + " done ✗" + c.error()
                + " error │ " + tokens(c.tokens()) + " tok " + String.format(Locale.ROOT, "$%.2f", c.costUsd());
        String keys =
                switch (focus) {
                    case INPUT -> "Enter send · Tab focus · ^F find · ? keys · ^D quit";
                    case CHAT -> "↑↓ entries · Enter expand · / find · Tab focus";
                    case TREE -> "↑↓ select · Space fold · Enter open · ^X cancel";
                };
        String waiting = notice(vm);
        if (waiting != null) {
            String n = left + " │ " + waiting;
            return n.length() + 3 + keys.length() <= width ? n + " │ " + keys : n;
        }
        if (vm.engineNotice != null) left += " │ " + vm.engineNotice;
        for (String k : new String[] {keys, "? keys · ^D quit"}) {
            if (left.length() + 3 + k.length() <= width) return left + " │ " + k;
        }
        return left + " │ ? keys";
    }

    /**
     * What waits for the user, oldest first: who asks (a question, or a permission prompt) and how
     * many more are queued; null when nothing waits. The workbench rings the bell when one arrives.
     */
    static String notice(ViewModel vm) {
        Object o = vm.queue.oldest();
        if (o == null) return null;
        String who = vm.agentLabel(ApprovalQueue.agentOf(o));
        String what =
                o instanceof dev.dispatch.protocol.RuntimeEvents.QuestionAsked ? " asks you" : " needs permission";
        int more = vm.queue.size() - 1;
        return "⚑ " + who + what + (more > 0 ? " (+" + more + " waiting)" : "") + " · ^G";
    }

    static String tokens(long n) {
        if (n < 1000) return Long.toString(n);
        if (n < 1_000_000) return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
        return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
    }

    static void draw(Painter p, ViewModel vm, Focus focus) {
        p.row(0, text(vm, focus, p.width()), Style.HEADER);
    }
}
