package dev.dispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.FleetOps;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch hook pre-tool-use}: the Claude Code {@code PreToolUse} hook {@code dispatch spawn}
 * installs (through {@code --settings}, never into a user's own settings). It reads the hook's JSON on
 * stdin, asks the owner whether the agent may change the paths the tool would touch, and answers
 * {@code deny} with the holder and expiry when another agent holds a lock on one. Not a spawned agent
 * (no DISPATCH_AGENT/DISPATCH_SPACE), another tool, or an owner it cannot reach: it stays out of the way.
 */
@Command(
        name = "hook",
        mixinStandardHelpOptions = true,
        description = "Hooks external agent CLIs call (installed by dispatch spawn). See docs/external-agents.md.")
public final class HookCommand extends GroupCommand {
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_BASH_PATHS = 32;

    @Command(
            name = "pre-tool-use",
            mixinStandardHelpOptions = true,
            description = {
                "Claude Code PreToolUse hook: reads the hook JSON on stdin; for Edit, MultiEdit, Write, NotebookEdit",
                "(file_path) and Bash (path-like words of the command) it answers 'deny' with the holder and expiry",
                "when another agent holds a lock covering a path. Acts as DISPATCH_AGENT in DISPATCH_SPACE."
            })
    static final class PreToolUse implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Map<String, String> env = Environment.current().vars();
            String agent = env.get("DISPATCH_AGENT");
            String space = env.get("DISPATCH_SPACE");
            if (agent == null || space == null) return ExitCode.OK.code(); // not a spawned agent: stdin unread
            byte[] in = System.in.readNBytes(MAX_BYTES + 1);
            if (in.length > MAX_BYTES) return ExitCode.OK.code();
            JsonNode hook;
            try {
                hook = Json.mapper().readTree(in);
            } catch (IOException e) {
                spec.commandLine().getErr().println("dispatch hook: the hook input is not JSON: " + e.getMessage());
                return ExitCode.OK.code();
            }
            List<String> paths = paths(hook);
            for (String path : paths) {
                FleetOps.Reservation r;
                try {
                    r = CoordCalls.submit(spec, new FleetOps.ReservePath(space, agent, path));
                } catch (RuntimeException e) {
                    // no owner to ask: reservations cannot be known, so the edit goes ahead (documented)
                    spec.commandLine().getErr().println("dispatch hook: cannot check reservations: " + e.getMessage());
                    return ExitCode.OK.code();
                }
                if (!r.allowed()) {
                    PrintWriter out = spec.commandLine().getOut();
                    out.println(CoordCalls.toJson(Map.of(
                            "hookSpecificOutput",
                            Map.of(
                                    "hookEventName", "PreToolUse",
                                    "permissionDecision", "deny",
                                    "permissionDecisionReason", "Dispatch: " + r.reason()))));
                    out.flush();
                    return ExitCode.OK.code();
                }
            }
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = {
                "Claude Code Stop hook: when the agent's turn ends and its Dispatch inbox holds unread messages, it",
                "answers 'block' with them as the reason, so Claude Code reads them and goes on (a push channel that",
                "needs no tmux paste). The messages are marked read. Acts as DISPATCH_AGENT in DISPATCH_SPACE."
            })
    static final class Stop implements Callable<Integer> {
        static final int MAX_MESSAGES = 20;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Map<String, String> env = Environment.current().vars();
            String agent = env.get("DISPATCH_AGENT");
            String space = env.get("DISPATCH_SPACE");
            if (agent == null || space == null) return ExitCode.OK.code(); // not a spawned agent: stdin unread
            System.in.readNBytes(MAX_BYTES); // the hook's JSON: nothing in it is needed
            dev.dispatch.protocol.MessageOps.InboxResult inbox;
            try {
                inbox = CoordCalls.submit(
                        spec,
                        new dev.dispatch.protocol.MessageOps.ReadInbox(
                                space, agent, 0, true, MAX_MESSAGES, dev.dispatch.protocol.MessageOps.ReadMark.mark));
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("dispatch hook: cannot read the inbox: " + e.getMessage());
                return ExitCode.OK.code();
            }
            if (inbox.messages().isEmpty()) return ExitCode.OK.code();
            StringBuilder reason = new StringBuilder("New Dispatch messages for you (already marked read):");
            for (var m : inbox.messages())
                reason.append("\n- from ")
                        .append(m.message().from())
                        .append(": ")
                        .append(m.message().text());
            PrintWriter out = spec.commandLine().getOut();
            out.println(CoordCalls.toJson(Map.of("decision", "block", "reason", reason.toString())));
            out.flush();
            return ExitCode.OK.code();
        }
    }

    /** The paths a tool call would change: the file of an edit, or the path-like words of a shell command. */
    static List<String> paths(JsonNode hook) {
        String tool = hook.path("tool_name").asText("");
        JsonNode input = hook.path("tool_input");
        List<String> out = new ArrayList<>();
        switch (tool) {
            case "Edit", "MultiEdit", "Write" ->
                add(out, input.path("file_path").asText(""));
            case "NotebookEdit" -> add(out, input.path("notebook_path").asText(""));
            case "Bash" -> out.addAll(bashPaths(input.path("command").asText("")));
            default -> {}
        }
        return out;
    }

    /**
     * Words of a shell command that look like paths (a {@code /} or a {@code .}, after quotes and a leading
     * redirection are stripped; no options, variables or globs): a heuristic, since a shell command can
     * name a file in ways no parser short of running it sees.
     */
    static List<String> bashPaths(String command) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : command.split("[\\s;|&()]+")) {
            String x = w.replaceAll("^[0-9]*>>?|^<", "").replace("'", "").replace("\"", "");
            if (x.isEmpty() || x.startsWith("-") || x.contains("$") || x.contains("*") || x.contains("`")) continue;
            if (!x.contains("/") && !x.contains(".")) continue;
            out.add(x);
            if (out.size() >= MAX_BASH_PATHS) break;
        }
        return List.copyOf(out);
    }

    private static void add(List<String> out, String path) {
        if (!path.isBlank()) out.add(path);
    }
}
