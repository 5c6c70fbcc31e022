package dev.dispatch.cli;

import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionBrowseOps.SessionHit;
import dev.dispatch.protocol.SessionBrowseOps.SessionInfo;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch sessions list|search} (show, export, rename, delete, fork live in
 * {@link SessionsShowCommand} and {@link SessionsEditCommand}): recorded conversations, newest first.
 */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = {
            "Recorded conversations: list, show, search, export, rename, delete, fork.",
            "Continue one with 'dispatch --continue' / 'dispatch --resume ID' (also chat and run)."
        })
public final class SessionsCommand extends GroupCommand {
    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** {@code --space} when given, else the space of the working directory the command runs in. */
    static String space(SpaceMixin m) {
        return m.space != null && !m.space.isBlank()
                ? m.space
                : SpaceMixin.defaultSpace(Environment.current().cwd());
    }

    /** {@code --project P | --all}, {@code --since}, {@code --until}: which sessions a command covers. */
    static final class Filter {
        @Option(
                names = "--project",
                paramLabel = "PATH",
                description = "Only sessions started in this directory (default: this project's space).")
        String project;

        @Option(names = "--all", description = "Sessions of every project.")
        boolean all;

        @Option(
                names = "--since",
                paramLabel = "WHEN",
                description = "Active since WHEN: a date (2026-12-01), an instant, or an age (7d, 12h, 30m).")
        String since;

        @Option(names = "--until", paramLabel = "WHEN", description = "Started before WHEN (same forms as --since).")
        String until;

        void check() {
            if (all && project != null) throw new CliException(ExitCode.USAGE, "use --project PATH or --all, not both");
        }

        String project() {
            return project == null
                    ? null
                    : Environment.current().cwd().resolve(project).normalize().toString();
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Sessions, most recently active first: date, project, title, messages, tokens, cost.")
    static final class ListSessions implements Callable<Integer> {
        @Mixin
        Filter filter;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "50",
                description = "At most N sessions (default: ${DEFAULT-VALUE}, max 1000).")
        int limit;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            filter.check();
            var op = new SessionBrowseOps.ListSessions(
                    SessionsCommand.space(space), filter.project(), filter.all, filter.since, filter.until, limit);
            CoordCalls.run(spec, json, op, r -> print(spec.commandLine().getOut(), r.sessions()));
            return ExitCode.OK.code();
        }

        static void print(PrintWriter out, List<SessionInfo> sessions) {
            if (sessions.isEmpty()) {
                out.println("no sessions (start one with 'dispatch', 'dispatch chat' or 'dispatch run')");
                out.flush();
                return;
            }
            Columns t = new Columns("ID", "UPDATED", "PROJECT", "TITLE", "MSGS", "TOKENS", "COST");
            for (SessionInfo s : sessions)
                t.row(
                        s.id(),
                        WHEN.format(s.updatedAt()),
                        s.projectRoot(),
                        s.title(),
                        s.messageCount(),
                        s.inputTokens() + s.outputTokens(),
                        String.format("$%.4f", s.costUsd()));
            t.print(out);
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = "Ranked full-text search over every agent's messages; matches shown in [brackets].")
    static final class Search implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Words to look for (more matches rank higher).")
        List<String> words;

        @Mixin
        Filter filter;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "20",
                description = "At most N hits (default: ${DEFAULT-VALUE}, max 1000).")
        int limit;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            filter.check();
            var op = new SessionBrowseOps.SearchSessions(
                    SessionsCommand.space(space),
                    String.join(" ", words),
                    filter.project(),
                    filter.all,
                    filter.since,
                    filter.until,
                    limit);
            CoordCalls.run(spec, json, op, r -> {
                PrintWriter out = spec.commandLine().getOut();
                if (r.hits().isEmpty()) {
                    out.println("no matches for " + r.terms());
                    out.flush();
                    return;
                }
                Columns t = new Columns("MESSAGE", "WHEN", "SCORE", "TITLE", "SNIPPET");
                for (SessionHit h : r.hits())
                    t.row(h.messageId(), WHEN.format(h.at()), String.format("%.3f", h.score()), h.title(), h.snippet());
                t.print(out);
            });
            return ExitCode.OK.code();
        }
    }
}
