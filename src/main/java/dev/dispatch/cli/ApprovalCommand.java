package dev.dispatch.cli;

import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.ApprovalOps.ApprovalView;
import dev.dispatch.protocol.Engine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch approval request|list|decide}: questions agents ask and the operator answers. */
@Command(
        name = "approval",
        mixinStandardHelpOptions = true,
        description = "Questions from agents with fixed options, decided by the operator; the wait is recorded.")
public final class ApprovalCommand extends GroupCommand {

    @Command(
            name = "request",
            mixinStandardHelpOptions = true,
            description = "Ask QUESTION ('-' reads stdin) on behalf of the agent given by --agent.")
    static final class Request implements Callable<Integer> {
        @Parameters(paramLabel = "QUESTION", description = "What to ask; '-' reads stdin.")
        String question;

        @Option(
                names = "--agent",
                required = true,
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent asking.")
        String agent;

        @Option(names = "--option", paramLabel = "O", description = "A possible answer (repeatable; default: yes, no).")
        List<String> options;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String q = CoordArgs.text("question", question);
            ApprovalView a;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                a = engine.submit(new ApprovalOps.RequestApproval(
                        space.resolve(), agent, q, options == null ? List.of() : options));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, a);
            } else {
                spec.commandLine()
                        .getOut()
                        .printf("requested %s (options: %s)%n", a.id(), String.join(", ", a.options()));
                spec.commandLine().getOut().flush();
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Approvals in the space, oldest first.")
    static final class ListApprovals implements Callable<Integer> {
        @Option(names = "--pending", description = "Only those not decided yet.")
        boolean pending;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ApprovalOps.ListResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(new ApprovalOps.ListApprovals(
                        space.resolve(), pending ? ApprovalOps.Filter.pending : ApprovalOps.Filter.all));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
                return ExitCode.OK.code();
            }
            Columns t = new Columns("ID", "AGENT", "STATE", "OPTIONS", "DECISION", "WAIT", "REQUESTED", "QUESTION");
            for (ApprovalView a : r.approvals()) {
                t.row(
                        a.id(),
                        a.agent(),
                        a.state(),
                        String.join("/", a.options()),
                        a.decision(),
                        CoordArgs.duration(a.waitMillis()),
                        a.requestedAt(),
                        CoordArgs.firstLine(a.question(), 60));
            }
            t.print(spec.commandLine().getOut());
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "decide",
            mixinStandardHelpOptions = true,
            description = "Answer approval ID with one of its options.")
    static final class Decide implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The approval, e.g. apr_1a2b….")
        String id;

        @Parameters(index = "1", paramLabel = "OPTION", description = "One of the options it was asked with.")
        String option;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the agent.")
        String note;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String n = note == null ? null : CoordArgs.text("note", note);
            ApprovalView a;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                a = engine.submit(new ApprovalOps.DecideApproval(space.resolve(), id, option, n));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, a);
            } else {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "decided %s: %s (waited %s)%n",
                                a.id(), a.decision(), CoordArgs.duration(a.waitMillis()));
                spec.commandLine().getOut().flush();
            }
            return ExitCode.OK.code();
        }
    }
}
