package dev.dispatch.tui;

import java.util.Locale;

/** The bottom row: agents by state, the session's tokens and cost, and the keys that matter now. */
final class StatusBar {
    private StatusBar() {}

    static String text(ViewModel vm, Focus focus, int width) {
        ViewModel.Counts c = vm.counts();
        String left = " ▶" + c.running() + " running ?" + c.waiting() + " waiting ✓" + c.done() + " done ✗" + c.error()
                + " error │ " + tokens(c.tokens()) + " tok " + String.format(Locale.ROOT, "$%.2f", c.costUsd());
        String keys =
                switch (focus) {
                    case INPUT -> "Enter send · Tab focus · ^F find · ? keys · ^D quit";
                    case CHAT -> "↑↓ entries · Enter expand · / find · Tab focus";
                    case TREE -> "↑↓ select · Tab focus · ^X cancel agent";
                };
        if (vm.notice != null) left += " │ " + vm.notice;
        for (String k : new String[] {keys, "? keys · ^D quit"}) {
            if (left.length() + 3 + k.length() <= width) return left + " │ " + k;
        }
        return left + " │ ? keys";
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
