package dev.dispatch.tui;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the workbench leaves in the terminal's normal scrollback when it closes. The full-screen view
 * lives on the alternate screen, which terminals discard on exit (a top complaint about peer TUIs):
 * so the selected conversation's last lines are printed as plain text after the screen is restored.
 */
final class Scrollback {
    static final int MAX_LINES = 400;

    private Scrollback() {}

    static List<String> lines(ViewModel vm, int width) {
        List<String> out = new ArrayList<>();
        AgentView a = vm.selected();
        Transcript t = vm.transcript();
        if (t.size() == 0) return out;
        // walk back only as far as the lines we keep, so a long session costs no more than that
        List<List<Line>> blocks = new ArrayList<>();
        int count = 0;
        for (int i = t.size() - 1; i >= 0 && count < MAX_LINES; i--) {
            List<Line> l = t.entries().get(i).lines(width, Expansion.EACH);
            blocks.add(l);
            count += l.size() + 1;
        }
        out.add("── dispatch: " + (a == null ? "workbench" : a.label())
                + (count >= MAX_LINES ? " (last " + MAX_LINES + " lines)" : "") + " ──");
        for (int b = blocks.size() - 1; b >= 0; b--) {
            for (Line l : blocks.get(b)) out.add(l.text());
            out.add("");
        }
        return out;
    }

    static void print(ViewModel vm, PrintStream out, int width) {
        for (String s : lines(vm, width)) out.println(s);
        out.flush();
    }
}
