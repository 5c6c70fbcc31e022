package dev.dispatch.cli;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.KnowledgeOps.SearchHit;
import dev.dispatch.protocol.KnowledgeOps.SearchResult;
import dev.dispatch.protocol.KnowledgeOps.TopicView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch kb write|read|list|search}: versioned knowledge topics and full-text search. */
@Command(
        name = "kb",
        mixinStandardHelpOptions = true,
        description = "Shared knowledge: versioned topics, and search over topics, messages and tasks.")
public final class KnowledgeCommand extends GroupCommand {

    @Command(
            name = "write",
            mixinStandardHelpOptions = true,
            description = {
                "Write a new version of TOPIC from TEXT, or from stdin when TEXT is '-' or absent.",
                "TOPIC: letters, digits, '.', '_', '-', components separated by '/' (no '..', no leading '/')."
            })
    static final class Write implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TOPIC", description = "e.g. design/locks")
        String topic;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "TEXT",
                description = "The content; '-' or absent reads stdin.")
        String text;

        @Option(
                names = "--agent",
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The author (optional).")
        String agent;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String body = CoordArgs.text("topic text", text);
            TopicView v;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                v = engine.submit(new KnowledgeOps.WriteTopic(space.resolve(), topic, body, agent));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, v);
            } else {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "wrote %s version %d (%d chars)%n",
                                v.topic(), v.version(), v.text().length());
                spec.commandLine().getOut().flush();
            }
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "read",
            mixinStandardHelpOptions = true,
            description = "Print TOPIC (the latest version, or --version N).")
    static final class Read implements Callable<Integer> {
        @Parameters(paramLabel = "TOPIC", description = "The topic, e.g. design/locks.")
        String topic;

        @Option(names = "--version", paramLabel = "N", description = "Which version (default: the latest).")
        Integer version;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (version != null && version <= 0) {
                throw new CliException(
                        ExitCode.USAGE, "--version " + version + " must be 1 or more (omit it for the latest)");
            }
            TopicView v;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                v = engine.submit(new KnowledgeOps.ReadTopic(space.resolve(), topic, version == null ? 0 : version));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, v);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.print(v.text());
                if (!v.text().endsWith("\n")) out.println();
                out.flush();
            }
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Topics in the space with their latest version.")
    static final class ListTopics implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            KnowledgeOps.ListResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(new KnowledgeOps.ListTopics(space.resolve()));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
                return ExitCode.OK.code();
            }
            CoordText.topics(r, spec.commandLine().getOut());
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = "Ranked full-text search over topics (latest versions), messages and tasks; matches shown in"
                    + " [brackets].")
    static final class Search implements Callable<Integer> {
        @Parameters(
                arity = "1..*",
                paramLabel = "QUERY",
                description = "Words to look for (any of them; more matches rank higher).")
        List<String> words;

        @Option(
                names = "--kind",
                paramLabel = "K",
                completionCandidates = Candidates.SearchKinds.class,
                description = "Only ${COMPLETION-CANDIDATES} hits (repeatable).")
        List<String> kinds;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "10",
                description = "At most N hits (default: ${DEFAULT-VALUE}, max 100).")
        int limit;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (limit <= 0) throw new CliException(ExitCode.USAGE, "--limit " + limit + " must be between 1 and 100");
            String query = CoordArgs.arg("query", String.join(" ", words));
            SearchResult r;
            try (Engine engine = EngineAccess.oneShot(spec)) {
                r = engine.submit(new KnowledgeOps.SearchKnowledge(
                        space.resolve(), query, kinds == null ? List.of() : kinds, limit));
            }
            if (json.enabled()) {
                CoordCalls.json(spec, r);
                return ExitCode.OK.code();
            }
            Columns t = new Columns("KIND", "ID", "SCORE", "SNIPPET");
            for (SearchHit h : r.hits()) t.row(h.kind(), h.id(), String.format("%.3f", h.score()), h.snippet());
            t.print(spec.commandLine().getOut());
            return ExitCode.OK.code();
        }
    }
}
