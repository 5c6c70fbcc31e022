package dev.dispatch.cli;

import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionOps;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch sessions cost|compact|undo|diff}: what a session cost, compacting it, and its file changes. */
final class SessionsCostCommand {
    private SessionsCostCommand() {}

    /** The session ID names, or this project's latest when none is given. */
    static String sessionOrLatest(CommandSpec spec, String id) {
        if (id != null && !id.isBlank()) return id;
        return CoordCalls.submit(
                        spec,
                        new SessionOps.LatestSession(Environment.current().cwd().toString()))
                .sessionId();
    }

    /**
     * What cost, undo and diff share: an optional session ID (this project's latest without one), the
     * space, --json, and where the answer is printed.
     */
    abstract static class OneSession implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "ID",
                description = "Session id (default: the latest here).")
        String id;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        String space() {
            return SessionsCommand.space(space);
        }

        String session() {
            return sessionOrLatest(spec, id);
        }
    }

    @Command(
            name = "cost",
            mixinStandardHelpOptions = true,
            description = {
                "Tokens and estimated USD of a session (with its child agents'), by provider and by model and key.",
                "Without ID: this project's latest session."
            })
    static final class Cost extends OneSession {
        @Override
        public Integer call() {
            var op = new SessionBrowseOps.SessionCost(space(), session());
            CoordCalls.run(spec, json, op, r -> {
                PrintWriter out = spec.commandLine().getOut();
                dev.dispatch.tui.CostLines.of(r).forEach(out::println);
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "compact",
            mixinStandardHelpOptions = true,
            description = {
                "Summarise a session's older turns with its model into one message (the task list kept); later"
                        + " calls and resumes send the summary and the recent turns.",
                "The original messages stay for show, search and export. Automatic near the context window"
                        + " (compaction.threshold in dispatch.yaml)."
            })
    static final class Compact implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "Session id (see 'dispatch sessions list').")
        String id;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var op = new SessionBrowseOps.CompactSession(SessionsCommand.space(space), id);
            CoordCalls.run(spec, json, op, r -> {
                PrintWriter out = spec.commandLine().getOut();
                out.println("session " + r.sessionId() + ": " + r.detail());
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "undo",
            mixinStandardHelpOptions = true,
            description = {
                "Restore the files the session's last turn changed with write_file/edit_file (a file it created"
                        + " is removed). Without ID: this project's latest session.",
                "Refuses, naming them, when a file changed on disk since that turn; --force restores anyway."
                        + " Changes made by shell commands are not covered."
            })
    static final class Undo extends OneSession {
        @picocli.CommandLine.Option(names = "--force", description = "Restore even files changed on disk since.")
        boolean force;

        @Override
        public Integer call() {
            var op = new SessionBrowseOps.UndoTurn(space(), session(), force);
            CoordCalls.run(spec, json, op, r -> {
                PrintWriter out = spec.commandLine().getOut();
                out.println("session " + r.sessionId() + ": " + r.detail());
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description = {
                "What the session changed with write_file/edit_file (turns not undone), as a unified diff of each"
                        + " file's content before the session against the file now. Without ID: the latest here."
            })
    static final class Diff extends OneSession {
        @Override
        public Integer call() {
            var op = new SessionBrowseOps.DiffSession(space(), session());
            CoordCalls.run(spec, json, op, r -> {
                PrintWriter out = spec.commandLine().getOut();
                out.print(r.diff());
                out.flush();
            });
            return ExitCode.OK.code();
        }
    }
}
