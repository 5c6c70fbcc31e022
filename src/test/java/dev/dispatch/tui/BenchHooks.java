package dev.dispatch.tui;

import com.googlecode.lanterna.input.KeyStroke;

/** What the render benchmark (another package) may do to a workbench: press keys, scroll the chat. */
public final class BenchHooks {
    private BenchHooks() {}

    public static void press(Workbench wb, KeyStroke k) {
        wb.press(k);
    }

    /** Scrolls so the chat's bottom row is row {@code line} of entry {@code entry} (the view stops following). */
    public static void anchor(Workbench wb, int entry, int line) {
        wb.chat.anchorEntry = entry;
        wb.chat.anchorLine = line;
    }

    public static int entries(Workbench wb) {
        return wb.vm.transcript().size();
    }
}
