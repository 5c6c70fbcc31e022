package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * What an empty workbench says: how to start, and, when no model provider is configured (or the
 * engine cannot tell), how to configure one. The first screen a new user sees must be a guide.
 */
final class Welcome {
    private Welcome() {}

    static List<String> text(HeaderInfo h, String userConfig) {
        List<String> out = new ArrayList<>();
        out.add("Welcome to Dispatch.");
        out.add("");
        out.add("Type a prompt below and press Enter to start an agent here.");
        out.add("/help lists commands · ? shows keys · ctrl+d quits.");
        out.add("");
        if (h.noProvider() && !h.setup.isEmpty()) {
            out.add("No model provider is configured yet.");
            out.add("");
            out.addAll(h.setup);
            return out;
        } else if (h.noProvider()) {
            out.add("No model provider is configured yet.");
        } else if (h.info == null) {
            out.add("Provider: unknown (the engine did not say).");
        } else {
            out.add("Default model: " + h.provider() + " / " + h.model() + ".");
            return out;
        }
        out.add("To use one, set ANTHROPIC_API_KEY or OPENAI_API_KEY in your");
        out.add("environment, or add a provider to " + userConfig + ",");
        out.add("then start dispatch again.");
        return out;
    }

    private static int homeRows(ViewModel vm, Painter p) {
        int n = 0;
        for (Entry e : vm.home.entries())
            n += e.lines(p.width() - 2, Expansion.EACH).size();
        return n;
    }

    static void draw(Painter p, ViewModel vm, String userConfig) {
        List<String> lines = new ArrayList<>();
        for (String s : text(vm.header, userConfig)) lines.addAll(TextWrap.wrap(s, Math.max(1, p.width() - 4)));
        int top =
                Math.max(1, Math.min((p.height() - lines.size()) / 2, p.height() - lines.size() - 1 - homeRows(vm, p)));
        for (int i = 0; i < lines.size(); i++) {
            p.put(2, top + i, lines.get(i), i == 0 ? Style.BOLD : Style.NORMAL);
        }
        int row = top + lines.size() + 1;
        List<Line> home = new ArrayList<>();
        for (Entry e : vm.home.entries()) home.addAll(e.lines(p.width() - 2, Expansion.EACH));
        // the newest notices matter most: if they do not all fit, drop the oldest
        int room = p.height() - row;
        for (Line l : home.subList(Math.max(0, home.size() - Math.max(0, room)), home.size()))
            p.put(1, row++, l.text(), l.style());
    }
}
