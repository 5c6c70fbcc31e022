package dev.dispatch.cli;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.PermissionOps;
import dev.dispatch.protocol.SessionOps;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch permission list|revoke|log|reply} (and {@code explain}, {@link PermissionExplainCommand}): the rules and "always" grants with the file and
 * line they are written on, removing one, the persisted decision log, and answering a prompt.
 *
 * <p>JSON shapes: list {@code {"rules": [{"kind", "value", "scope", "origin"}]}}; log
 * {@code {"decisions": [{"agentId", "tool", "operation", "paths", "command", "outcome", "decidedBy",
 * "reason", "decidedAt"}]}}.
 */
@Command(
        name = "permission",
        mixinStandardHelpOptions = true,
        description = {
            "Permission rules, grants and the decision log.",
            "",
            "Agents may read, write and run commands inside the project root; permissions.auto_allow adds paths,",
            "permissions.deny refuses paths (globs) and commands (patterns) whatever else allows them."
        })
public final class PermissionCommand extends GroupCommand {

    static <R> R submit(CommandSpec spec, Function<Engine, R> work) {
        try (Engine engine = EngineAccess.oneShot(spec)) {
            return work.apply(engine);
        }
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException(ExitCode.ERROR, "cannot write JSON: " + e.getMessage());
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "List auto_allow and deny rules (including saved \"always\" answers) and where each is written.")
    static final class ListRules implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Option(
                names = "--cwd",
                paramLabel = "DIR",
                description = "Project whose dispatch.yaml to include (default: the current directory).")
        String cwd;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String dir = cwd != null ? cwd : Environment.current().cwd().toString();
            PermissionOps.RulesResult r = submit(spec, e -> e.submit(new PermissionOps.ListRules(dir)));
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                printJson(out, r);
            } else if (r.rules().isEmpty()) {
                out.println("no rules: agents may use the project root only; everything else asks");
            } else {
                for (PermissionOps.RuleView v : r.rules()) {
                    boolean same = v.readAs() == null || v.readAs().equals(v.value());
                    out.printf(
                            "%-10s %-40s %-7s %s%s%n",
                            v.kind(), v.value(), v.scope(), v.origin(), same ? "" : "  → " + v.readAs());
                }
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Remove a rule (as 'permission list' shows its value) from the user config.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "RULE", description = "The rule's value, e.g. /etc or 'git push*'.")
        String rule;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PermissionOps.RuleView v = submit(spec, e -> e.submit(new PermissionOps.RevokeRule(rule)));
            spec.commandLine()
                    .getOut()
                    .println("removed " + v.kind() + " rule '" + v.value() + "' (was " + v.origin() + ")");
            spec.commandLine().getOut().flush();
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "log",
            mixinStandardHelpOptions = true,
            description = "Show permission decisions: who, what, outcome, when.")
    static final class Log implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Option(names = "--agent", paramLabel = "ID", description = "Only this agent's decisions.")
        String agent;

        @Option(names = "--limit", paramLabel = "N", description = "Newest N decisions (default 200).")
        Integer limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PermissionOps.DecisionsResult r =
                    submit(spec, e -> e.submit(new PermissionOps.ListDecisions(agent, limit)));
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                printJson(out, r);
            } else {
                for (PermissionOps.DecisionView d : r.decisions()) {
                    String what = d.command() != null ? d.command() : String.join(" ", d.paths());
                    out.printf(
                            "%s %s %-5s %-8s by %-9s %s %s: %s%n",
                            d.decidedAt(),
                            d.agentId(),
                            d.outcome(),
                            d.operation(),
                            d.decidedBy(),
                            d.tool() == null ? "-" : d.tool(),
                            what,
                            d.reason());
                }
                if (r.decisions().isEmpty())
                    out.println("no permission decisions recorded" + (agent == null ? "" : " for " + agent));
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "reply",
            mixinStandardHelpOptions = true,
            description = "Answer a waiting permission prompt: once, session, always or deny.")
    static final class Reply implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "ID",
                description = "The request id (perm_…) from the PermissionRequested event.")
        String requestId;

        @Parameters(index = "1", paramLabel = "ANSWER", description = "once, session, always or deny.")
        String answer;

        @Option(
                names = "--note",
                paramLabel = "TEXT",
                description = "A note passed to the agent (with a denial, it says why).")
        String note;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PermissionAnswer decision;
            try {
                decision = PermissionAnswer.valueOf(answer.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CliException(
                        ExitCode.USAGE, "'" + answer + "' is not an answer: use once, session, always or deny");
            }
            Ack ack = submit(spec, e -> e.submit(new SessionOps.ReplyPermission(requestId, decision, note)));
            spec.commandLine().getOut().println(ack.detail());
            spec.commandLine().getOut().flush();
            return ExitCode.OK.code();
        }
    }
}
