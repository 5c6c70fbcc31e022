package dev.dispatch.tui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.dispatch.protocol.AgentStatus;
import java.util.ArrayList;
import java.util.List;

/** The {@code ?} screen: every key binding from {@link KeyMap}, the status icons, the slash commands. */
final class HelpOverlay {
    private HelpOverlay() {}

    static List<String> lines() {
        List<String> out = new ArrayList<>();
        for (KeyMap.Binding b : KeyMap.BINDINGS) out.add(String.format("%-17s %s", b.keys(), b.does()));
        out.add("");
        StringBuilder legend = new StringBuilder();
        for (AgentStatus s : AgentStatus.values())
            legend.append(StatusIcon.icon(s))
                    .append(' ')
                    .append(StatusIcon.words(s))
                    .append(" · ");
        out.add(legend.substring(0, legend.length() - 3));
        out.add("Commands: " + String.join(" ", SlashCommands.names()));
        // one line: F4's pane says more (each server's state and why)
        out.add("F4: " + LspView.icon("error") + " error " + LspView.icon("warning") + " warning "
                + LspView.icon("info") + " info · servers " + LspView.stateIcon("running") + " ready "
                + LspView.stateIcon("starting") + " starting " + LspView.stateIcon("failed") + " failed "
                + LspView.stateIcon("not_installed") + " not installed");
        return out;
    }

    static void draw(TextGraphics g, int width, int height) {
        int w = Math.min(76, width - 2);
        Rect r = new Rect((width - w) / 2, 1, w, height - 2);
        Painter p = new Painter(g, r);
        p.fill(Style.NORMAL);
        p.row(0, " Keys · ? or Esc closes ", Style.MODAL_TITLE);
        List<String> text = new ArrayList<>();
        for (String s : lines()) text.addAll(TextWrap.wrap(s, w - 4));
        for (int i = 0; i < text.size() && 1 + i < r.height() - 1; i++) p.put(2, 1 + i, text.get(i), Style.NORMAL);
        for (int y = 1; y < r.height() - 1; y++) {
            p.put(0, y, "│", Style.MUTED);
            p.put(r.width() - 1, y, "│", Style.MUTED);
        }
        p.hline(r.height() - 1, '─', Style.MUTED);
    }
}
