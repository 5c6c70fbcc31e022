package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workbench's slash commands: one table of name, usage, help line and what it does, read by the
 * dispatcher ({@link #run}), {@code /help}, the help overlay, the completion popup and tab completion,
 * so none of them can drift from the others; {@code dispatch chat} reads its /help and completion from
 * the same table ({@link #IN_CHAT}). A new command is one entry here (its work in
 * {@link Commands} or {@link SessionCommands}).
 */
public final class SlashCommands {
    /** What a command does, given the workbench's commands and the text after its name (stripped). */
    @FunctionalInterface
    interface Action {
        void run(Commands c, String arg);
    }

    /** One command: {@code usage} is what follows the name in help ("" when it takes nothing). */
    record Command(String name, String usage, String help, Action action) {}

    static final Map<String, Command> ALL = new LinkedHashMap<>();

    private static void add(String name, String usage, String help, Action action) {
        ALL.put(name, new Command(name, usage, help, action));
    }

    static {
        add("/help", "", "list these commands", Commands::help);
        add(
                "/model",
                "[NAME]",
                "show the model, or switch the selected agent and new ones to NAME (checked against the config)",
                (c, a) -> c.sessions.model(a));
        add(
                "/resume",
                "[N|ID]",
                "pick a recorded session of this project and continue it",
                (c, a) -> c.sessions.resume(a));
        add(
                "/fork",
                "",
                "continue a copy of this conversation (the original stays as it is)",
                (c, a) -> c.sessions.fork());
        add(
                "/compact",
                "",
                "summarise the older turns of this session (the task list is kept)",
                (c, a) -> c.sessions.compact());
        add("/cost", "", "tokens and USD of this session by provider and model", (c, a) -> c.sessions.cost());
        add(
                "/undo",
                "[force]",
                "restore the files the last turn changed (force: even if edited since)",
                (c, a) -> c.sessions.undo(a));
        add("/diff", "", "what this session changed, as a unified diff", (c, a) -> c.sessions.diff());
        add("/new", "", "start the next prompt as a new agent", (c, a) -> c.newAgent());
        add("/agent", "[TEMPLATE]", "start the next prompt's agent from a template", Commands::template);
        add("/agents", "", "list the agents in the tree with their state and cost", (c, a) -> c.sessions.agents());
        add("/permissions", "", "the auto_allow and deny rules in force here", (c, a) -> c.sessions.permissions());
        add("/skills", "", "the skills agents can load here", (c, a) -> c.sessions.skills());
        add(
                "/clear",
                "",
                "clear this conversation from the screen (the agent keeps its history)",
                (c, a) -> c.clearScreen());
        add(
                "/interrupt",
                "",
                "stop the selected agent's turn (Esc); it keeps the conversation",
                (c, a) -> c.interrupt());
        add(
                "/unqueue",
                "[all]",
                "take back the newest prompt queued while the agent works (all: every one), before it is sent",
                Commands::unqueue);
        add("/cancel", "", "cancel the selected agent and its children", (c, a) -> c.cancel());
        add("/expand", "", "expand or collapse every tool call", (c, a) -> c.toggleExpand());
        add("/find", "TEXT", "search this conversation", Commands::find);
        add("/quit", "", "leave (agents in a daemon keep running)", (c, a) -> c.quit());
    }

    /**
     * The commands {@code dispatch chat} runs too (its own code, same names, usage and help): chat's
     * /help and its completion read them from here, so the two faces cannot drift apart.
     */
    static final java.util.Set<String> IN_CHAT =
            java.util.Set.of("/help", "/model", "/compact", "/cost", "/undo", "/diff", "/new", "/unqueue", "/quit");

    private SlashCommands() {}

    /** The commands {@code dispatch chat} offers, in the table's order. */
    static List<Command> inChat() {
        List<Command> out = new ArrayList<>();
        for (Command c : ALL.values()) if (IN_CHAT.contains(c.name())) out.add(c);
        return out;
    }

    /** /help's lines for {@code dispatch chat}: its commands only. */
    static List<String> chatHelpLines() {
        List<String> out = new ArrayList<>();
        for (Command c : inChat()) out.add(String.format("%-20s %s", usageOf(c), c.help()));
        return out;
    }

    /** Every command name, for completers. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** Runs {@code line} ("/name args"); false when no command has that name. */
    static boolean run(Commands c, String line) {
        String[] parts = line.strip().split("\\s+", 2);
        Command cmd = ALL.get(parts[0]);
        if (cmd == null) return false;
        cmd.action().run(c, parts.length > 1 ? parts[1].strip() : "");
        return true;
    }

    static List<String> matching(String prefix) {
        List<String> out = new ArrayList<>();
        for (String c : ALL.keySet()) if (c.startsWith(prefix)) out.add(c);
        return out;
    }

    /** The commands a popup offers for {@code prefix}: name matches first, then help-text matches. */
    static List<Command> offered(String prefix) {
        List<Command> out = new ArrayList<>();
        for (Command c : ALL.values()) if (c.name().startsWith(prefix)) out.add(c);
        String word = prefix.length() > 1 ? prefix.substring(1) : null;
        if (word != null) {
            for (Command c : ALL.values()) {
                if (!out.contains(c) && c.name().contains(word)) out.add(c);
            }
        }
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

    static String usageOf(Command c) {
        return c.usage().isEmpty() ? c.name() : c.name() + " " + c.usage();
    }

    static List<String> helpLines() {
        List<String> out = new ArrayList<>();
        for (Command c : ALL.values()) out.add(String.format("%-20s %s", usageOf(c), c.help()));
        return out;
    }
}
