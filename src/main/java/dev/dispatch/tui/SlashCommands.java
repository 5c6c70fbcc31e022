package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slash commands both faces understand (the workbench and {@code dispatch chat}), with their
 * help lines and prefix completion. One table, so help and completion cannot drift apart.
 */
public final class SlashCommands {
    static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("/help", "list these commands");
        ALL.put("/model", "show or set the model for new agents: /model NAME");
        ALL.put("/new", "start the next prompt as a new agent");
        ALL.put("/agent", "start the next prompt's agent from a template: /agent NAME");
        ALL.put("/clear", "clear this conversation from the screen (the agent keeps its history)");
        ALL.put("/cancel", "cancel the selected agent");
        ALL.put("/expand", "expand or collapse every tool call");
        ALL.put("/find", "search this conversation: /find TEXT");
        ALL.put("/quit", "leave (agents in a daemon keep running)");
    }

    private SlashCommands() {}

    /** Every command name, for completers. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    static List<String> matching(String prefix) {
        List<String> out = new ArrayList<>();
        for (String c : ALL.keySet()) if (c.startsWith(prefix)) out.add(c);
        return out;
    }

    /** Completes a partial command: the single match plus a space, else the longest common prefix. */
    static String complete(String prefix) {
        List<String> m = matching(prefix);
        if (m.isEmpty()) return prefix;
        if (m.size() == 1) return m.get(0) + " ";
        String common = m.get(0);
        for (String s : m) {
            int i = 0;
            while (i < common.length() && i < s.length() && common.charAt(i) == s.charAt(i)) i++;
            common = common.substring(0, i);
        }
        return common.length() > prefix.length() ? common : prefix;
    }

    static List<String> helpLines() {
        List<String> out = new ArrayList<>();
        ALL.forEach((k, v) -> out.add(String.format("%-8s %s", k, v)));
        return out;
    }
}
