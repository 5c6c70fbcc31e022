package dev.dispatch.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes dispatch(1) in roff from the picocli model, so the man page can never describe a command
 * or option that does not exist. The committed {@code man/dispatch.1} is checked against this output
 * by {@code DocsTest}.
 */
public final class ManPage {
    /**
     * The EXAMPLES section, one command line each (blank lines separate groups); {@code CliConventionTest}
     * parses every one against the command model, so none can go stale.
     */
    static final List<String> EXAMPLES = List.of(
            "# one prompt, headless, with a live event stream",
            "dispatch run --output-format stream-json \"fix the failing test\"",
            "",
            "# workers pulling from a shared queue",
            "dispatch agent register w1 --capability build",
            "dispatch task add \"build the docs\" --capability build --priority 10",
            "dispatch task next --agent w1 --json",
            "dispatch task complete task_1a2b --lease lse_9f8e --result \"docs built\"",
            "",
            "# messages and shared notes",
            "dispatch msg send all \"release at 5pm\" --agent operator",
            "dispatch msg inbox --agent w1 --unread",
            "dispatch kb write design/locks \"Locks carry fencing tokens.\" --agent w1",
            "",
            "# a daemon for the dashboard and the API",
            "dispatch daemon start",
            "dispatch events --follow",
            "",
            "# completion (bash; zsh alike)",
            "source <(dispatch completion bash)");

    private final StringBuilder out = new StringBuilder();

    private ManPage() {}

    public static String render(CommandLine root) {
        return new ManPage().page(root);
    }

    private String page(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        line(".TH DISPATCH 1 \"\" \"dispatch " + BuildInfo.version().replace("-SNAPSHOT", "")
                + "\" \"Dispatch Manual\"");
        line(".SH NAME");
        line("dispatch \\- "
                + esc(String.join(" ", spec.usageMessage().description()).strip()));
        line(".SH SYNOPSIS");
        line(".B dispatch");
        line("[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR] [\\fIARGS\\fR]");
        line(".SH DESCRIPTION");
        line("Dispatch runs AI agents in the terminal and coordinates them with other tools. Every command");
        line("accepts \\fB\\-\\-help\\fR. Commands that print data accept \\fB\\-\\-json\\fR for scripts.");
        line(".SH GLOBAL OPTIONS");
        options(spec);
        line(".SH COMMANDS");
        for (CommandLine sub : root.getSubcommands().values()) command(sub);
        line(".SH EXAMPLES");
        line(".RS 4\n.nf");
        for (String e : EXAMPLES) line(esc(e));
        line(".fi\n.RE");
        exitStatus();
        line(".SH ENVIRONMENT");
        entry(
                "DISPATCH_HOME",
                "Put data, config, runtime and state under this one directory instead of the XDG locations.");
        entry(
                "XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_RUNTIME_DIR",
                "Base directories used when DISPATCH_HOME is unset.");
        line(".SH FILES");
        entry("~/.local/share/dispatch/dispatch.mv.db", "The store (H2), in a 0700 directory.");
        entry("~/.config/dispatch/config.yaml", "User configuration: providers, keys, defaults.");
        entry("dispatch.yaml", "Project configuration, found from the current directory up to the git root.");
        line(".SH SEE ALSO");
        line("The README and docs/ in the Dispatch source tree.");
        return out.toString();
    }

    private void command(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.usageMessage().hidden()) return;
        line(".SS \"" + esc(spec.qualifiedName()) + "\"");
        line(esc(synopsis(spec)));
        line(".PP");
        boolean block = false;
        for (String d : spec.usageMessage().description()) {
            boolean example = d.startsWith(" ") && !d.isBlank();
            if (example && !block) line(".PP\n.RS 4\n.nf"); // indented lines are examples: kept as typed
            if (!example && block) line(".fi\n.RE");
            block = example;
            if (example)
                line(esc(d.substring(Math.min(2, d.length() - d.stripLeading().length()))));
            else if (d.isBlank()) line(".PP");
            else line(esc(d.strip()));
        }
        if (block) line(".fi\n.RE");
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) continue;
            line(".TP");
            line("\\fI" + esc(p.paramLabel()) + "\\fR");
            line(esc(String.join(" ", p.description())));
        }
        options(spec);
        for (CommandLine sub : cl.getSubcommands().values()) command(sub);
    }

    private static String synopsis(CommandSpec spec) {
        List<String> parts = new ArrayList<>();
        parts.add(spec.qualifiedName());
        if (!spec.subcommands().isEmpty()) parts.add("COMMAND");
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) parts.add(p.arity().min == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel());
        }
        if (!spec.options().isEmpty()) parts.add("[OPTIONS]");
        return String.join(" ", parts);
    }

    private void options(CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden() || o.inherited() || isStandardHelp(o) && spec.parent() != null) continue;
            line(".TP");
            String names = String.join(", ", o.names());
            String label = o.typeInfo().isBoolean() ? "" : "=" + o.paramLabel();
            line("\\fB" + esc(names) + "\\fR" + esc(label));
            line(esc(String.join(" ", o.description())));
        }
    }

    private static boolean isStandardHelp(OptionSpec o) {
        return o.usageHelp() || o.versionHelp();
    }

    private void exitStatus() {
        line(".SH EXIT STATUS");
        for (ExitCode c : ExitCode.values()) entry(String.valueOf(c.code()), c.meaning());
    }

    private void entry(String term, String text) {
        line(".TP");
        line("\\fB" + esc(term) + "\\fR");
        line(esc(text));
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    /** Escapes text for roff: backslashes, hyphens (so they copy as ASCII), and leading dots/quotes. */
    static String esc(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        if (e.startsWith(".") || e.startsWith("'")) e = "\\&" + e;
        return e;
    }
}
