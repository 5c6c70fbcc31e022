package dev.dispatch.fleet;

import dev.dispatch.protocol.EngineException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ignition prompt: what a freshly started CLI reads first so it knows how to join the team. A
 * template (the {@code ignition} persona, else {@link #DEFAULT}) with placeholders for the agent's name,
 * space, persona, the variable that holds its token, its task, the user's prompt and the coordination
 * commands. Rendering is one pass over the template: text put in (a persona, a prompt) is never
 * scanned for placeholders again.
 */
final class Ignition {
    static final Set<String> PLACEHOLDERS =
            Set.of("name", "space", "persona", "token_var", "url_var", "task", "prompt", "commands");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

    static final String DEFAULT =
            """
            You are {name}, an agent in the Dispatch space '{space}', working beside other agents.
            {persona}
            Coordinate through Dispatch: your token is in ${token_var} (never print it), the owner is at ${url_var}.
            {task}
            {commands}
            {prompt}""";

    private Ignition() {}

    /** Refuses a template with an unknown placeholder, naming it and the known ones. */
    static void check(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        Set<String> unknown = new TreeSet<>();
        while (m.find()) if (!PLACEHOLDERS.contains(m.group(1))) unknown.add("{" + m.group(1) + "}");
        if (!unknown.isEmpty())
            throw EngineException.invalid(
                    "the ignition template uses unknown placeholder(s) " + String.join(", ", unknown) + "; known: "
                            + String.join(
                                    ", ",
                                    new TreeSet<>(PLACEHOLDERS)
                                            .stream().map(x -> "{" + x + "}").toList()));
    }

    /** Everything a template may use, for agent {@code name}. */
    static Map<String, String> values(
            String name, String space, String persona, String taskId, String taskTitle, String prompt) {
        Map<String, String> v = new LinkedHashMap<>();
        String at = " --space " + space + " --agent " + name;
        v.put("name", name);
        v.put("space", space);
        v.put("persona", persona == null ? "" : persona);
        v.put("token_var", "DISPATCH_AGENT_TOKEN");
        v.put("url_var", "DISPATCH_URL");
        v.put(
                "task",
                taskId == null
                        ? "No task is assigned to you yet: claim one with 'dispatch task next" + at + " --json'."
                        : "Your task is " + taskId + (taskTitle == null ? "" : " (" + taskTitle + ")")
                                + "; its lease is in $DISPATCH_LEASE. Finish it with 'dispatch task complete " + taskId
                                + " --space " + space + " --lease \"$DISPATCH_LEASE\" --result TEXT'.");
        v.put(
                "commands",
                String.join(
                        "\n",
                        "Commands (or the same tools through the 'dispatch' MCP server):",
                        "  dispatch task next" + at + " --json         claim the next ready task",
                        "  dispatch task progress ID --space " + space
                                + " --lease LEASE   show progress, keep the lease",
                        "  dispatch task complete ID --space " + space + " --lease LEASE --result TEXT",
                        "  dispatch lock acquire PATH" + at + "        reserve a file before you edit it",
                        "  dispatch lock release PATH" + at,
                        "  dispatch msg send TO TEXT" + at + "         message another agent",
                        "  dispatch msg inbox" + at + "                read your messages",
                        "  dispatch agent heartbeat " + name + " --space " + space + "   say you are alive"));
        v.put("prompt", prompt == null ? "" : prompt);
        return v;
    }

    /** {@code template} with each known placeholder replaced, in one pass; blank runs of lines collapsed. */
    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
}
