package dev.dispatch.cli;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.PermissionOps;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch permission explain PATH|COMMAND}: how the rules in force here read a path or a shell
 * command, with every configured rule as it was read, so a user can see why an agent was refused or
 * asked, and check a new rule before an agent meets it.
 *
 * <p>JSON shape: {@code {"kind", "subject", "projectRoot", "resolved", "decisions": [{"operation",
 * "outcome", "decidedBy", "reason"}], "commands": [..], "reaches": [{"operation", "path", "source",
 * "subtree"}], "concerns": [{"kind", "reason"}], "rules": [{"list", "rule", "kind", "readAs"}]}}.
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Show how the permission rules read a path or a shell command here.",
            "",
            "A path is judged for read and write (its real location, the rule that decides); a command is",
            "analysed (each simple command, the paths it reaches, what makes it ask) and judged as run_shell",
            "would be. Rules: the user config and the project's dispatch.yaml (permissions.deny,",
            "permissions.auto_allow), the project root, Dispatch's protected directories. The decision is what",
            "the rules say before anyone is asked: 'ask' prompts in a run with a terminal, and is refused",
            "without one. A subject with spaces, or one that neither exists nor looks like a path (no '/',",
            "not starting with '~' or '.'), is a command; --path or --command says which.",
            "",
            "  dispatch permission explain target/x.txt",
            "  dispatch permission explain 'git push origin main'",
            "  dispatch permission explain --command ./mvnw"
        })
public final class PermissionExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH|COMMAND", description = "A path (relative to --cwd) or a shell command line.")
    String subject;

    @ArgGroup(exclusive = true)
    Kind kind;

    /** --path or --command, not both. */
    static final class Kind {
        @Option(names = "--path", description = "Read the subject as a path.")
        boolean path;

        @Option(names = "--command", description = "Read the subject as a shell command.")
        boolean command;
    }

    @Option(
            names = "--cwd",
            paramLabel = "DIR",
            description = "Project directory whose rules apply (default: the current directory).")
    String cwd;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String dir = cwd != null ? cwd : Environment.current().cwd().toString();
        String k = kind == null ? null : kind.path ? "path" : "command";
        PermissionOps.ExplainResult r;
        try (Engine engine = EngineAccess.oneShot(spec)) {
            r = engine.submit(new PermissionOps.ExplainPermission(dir, subject, k));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) PermissionCommand.printJson(out, r);
        else out.print(text(r));
        out.flush();
        return ExitCode.OK.code();
    }

    static String text(PermissionOps.ExplainResult r) {
        StringBuilder b = new StringBuilder();
        if (r.kind().equals("path")) {
            b.append("path '").append(r.subject()).append("' → ").append(r.resolved());
        } else {
            b.append("command '").append(r.subject()).append("' run in ").append(r.resolved());
        }
        b.append(" (project ").append(r.projectRoot()).append(")\n");
        if (!r.commands().isEmpty()) {
            b.append("simple commands:\n");
            r.commands().forEach(c -> b.append("  ").append(c).append('\n'));
        }
        if (r.kind().equals("command")) {
            b.append("reaches:").append(r.reaches().isEmpty() ? " nothing the analyser could name\n" : "\n");
            for (PermissionOps.Reach x : r.reaches()) {
                b.append(String.format(
                        "  %-7s %s%s",
                        x.operation(),
                        x.path(),
                        x.subtree()
                                ? " (and below)"
                                : x.operation().equals("network") ? " (another machine, not a local path)" : ""));
                if (x.source() != null && !x.source().isEmpty())
                    b.append("  [").append(x.source()).append(']');
                b.append('\n');
            }
            b.append("concerns:").append(r.concerns().isEmpty() ? " none\n" : "\n");
            r.concerns().forEach(c -> b.append("  ")
                    .append(c.kind())
                    .append(": ")
                    .append(c.reason())
                    .append('\n'));
        }
        b.append("decision:\n");
        for (PermissionOps.Verdict v : r.decisions()) {
            b.append(String.format("  %-7s %-5s by %-9s %s%n", v.operation(), v.outcome(), v.decidedBy(), v.reason()));
        }
        b.append("rules:").append(r.rules().isEmpty() ? " none configured\n" : "\n");
        r.rules().forEach(x -> b.append("  ").append(reading(x)).append('\n'));
        return b.toString();
    }

    /** One rule as read: {@code permissions.deny 'target/**' → path glob: /repo/target/**}. */
    static String reading(PermissionOps.RuleReading x) {
        return "permissions." + x.list() + " '" + x.rule() + "' → " + x.kind() + ": " + x.readAs();
    }
}
