package dev.dispatch.tui;

import java.util.Locale;

/**
 * The bottom row: agents by state (running first), the session's tokens and cost, the model with its
 * context meter, prompts queued for the end of a turn, what waits for the user (a question or a permission prompt from any agent), and the
 * keys that matter now.
 */
final class StatusBar {
    private StatusBar() {}

    static String text(ViewModel vm, Focus focus, int width) {
        AgentTree.Counts c = vm.counts();
        String left = " ▶" + c.running() + " running ?" + c.waiting() + " waiting ✓" + c.done() + " done ✗" + c.error()
                + " error │ " + tokens(c.tokens()) + " tok " + String.format(Locale.ROOT, "$%.2f", c.costUsd());
        int queued = vm.queued.total();
        if (queued > 0) left += " │ " + queued + " queued (/unqueue)";
        String model = model(vm);
        String keys =
                switch (focus) {
                    case INPUT -> "Enter send · Tab focus · ^F find · ? keys · ^D quit";
                    case CHAT -> "↑↓ entries · Enter expand · / find · Tab focus";
                    case TREE -> "↑↓ select · Space fold · Enter open · ^X cancel";
                };
        String waiting = notice(vm);
        if (waiting != null) {
            // what waits for the user comes before the model; the model only where there is room
            String n = left + " │ " + waiting;
            if (n.length() + model.length() <= width) n += model;
            return n.length() + 3 + keys.length() <= width ? n + " │ " + keys : n;
        }
        left += model;
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

    /**
     * The selected agent's model (else the one new agents get) and its context meter: the tokens its
     * last call carried against the model's window, when the model list names the window.
     */
    static String model(ViewModel vm) {
        AgentView a = vm.selected();
        String model = a != null && a.model != null
                ? a.model
                : vm.modelOverride != null ? vm.modelOverride : vm.header.info == null ? null : vm.header.model();
        if (model == null || "none".equals(model)) return "";
        String out = " │ " + model;
        if (a == null || a.contextTokens == 0) return out;
        Integer window = vm.windows.get(a.model);
        out += " ctx " + tokens(a.contextTokens);
        if (window != null && window > 0) {
            out += "/" + tokens(window)
                    + String.format(Locale.ROOT, " %d%%", Math.round(100.0 * a.contextTokens / window));
        }
        return out;
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
