package dev.dispatch.cli;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionBrowseOps.SessionDetail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch sessions rename|delete|fork}: the commands that change recorded sessions. */
final class SessionsEditCommand {
    private SessionsEditCommand() {}

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Give a session a new title.")
    static final class Rename implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "Session id.")
        String id;

        @Parameters(index = "1", arity = "1..*", paramLabel = "TITLE", description = "The new title.")
        List<String> title;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var op = new SessionBrowseOps.RenameSession(SessionsCommand.space(space), id, String.join(" ", title));
            CoordCalls.run(spec, json, op, s -> {
                spec.commandLine().getOut().println("renamed " + s.id() + ": " + s.title());
                spec.commandLine().getOut().flush();
            });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = {
                "Delete a session with its messages and its child agents' sessions (forks of it stay).",
                "Asks first on a terminal; --yes skips the question (needed when stdin is not a terminal)."
            })
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "Session id.")
        String id;

        @Option(names = "--yes", description = "Delete without asking.")
        boolean yes;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!yes) {
                if (System.console() == null)
                    throw new CliException(
                            ExitCode.USAGE, "not asking on a non-terminal: pass --yes to delete session " + id);
                SessionDetail d =
                        CoordCalls.submit(spec, new SessionBrowseOps.ShowSession(SessionsCommand.space(space), id));
                PrintWriter out = spec.commandLine().getOut();
                out.print("Delete session " + id + " '" + d.session().title() + "' ("
                        + d.session().messageCount() + " messages)? [y/N] ");
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null
                        || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                    out.println("kept " + id);
                    out.flush();
                    return ExitCode.OK.code();
                }
            }
            CoordCalls.run(
                    spec, json, new SessionBrowseOps.DeleteSession(SessionsCommand.space(space), id), (Ack a) -> {
                        spec.commandLine().getOut().println(a.detail());
                        spec.commandLine().getOut().flush();
                    });
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "fork",
            mixinStandardHelpOptions = true,
            description = {
                "Start a new session from a session's messages up to MESSAGE_ID; the original stays as it is.",
                "Continue the fork with 'dispatch --resume NEW_ID' (or chat/run --resume)."
            })
    static final class Fork implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "Session id.")
        String id;

        @Option(
                names = "--at",
                required = true,
                paramLabel = "MESSAGE_ID",
                description = "The last message to keep: SESSION:N as 'sessions show' prints it, or N.")
        String at;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new SessionBrowseOps.ForkSession(SessionsCommand.space(space), id, at), s -> {
                spec.commandLine().getOut().println("forked " + id + " at message " + s.forkedAtSeq() + ": " + s.id());
                spec.commandLine().getOut().flush();
            });
            return ExitCode.OK.code();
        }
    }
}
