package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.OpCodec;
import dev.dispatch.protocol.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@link LaneCommand} against its picocli command, over a real Unix socket to a
 * {@link RecordingOwner}: arguments built from the picocli model (every option, then only the required
 * ones in {@code --opt=value} form with the default space) make the lane send the very request the
 * picocli command sends, and print the same, with {@code --json} and in text (sample answers with every
 * field set and with every nullable field null); errors print the same message with the same exit code.
 * What the lane must leave to picocli (help, unknown or repeated options, missing required ones, bad
 * numbers, {@code @file}s, no owner) it does not take, and then it has sent nothing.
 */
class SocketLaneTest {
    record Outcome(int exit, String out, String err, List<RecordingOwner.Request> sent) {}

    @TempDir
    Path root;

    @Test
    void eachLaneCommandSendsWhatItsPicocliCommandSends() throws Exception {
        CliFixture f = new CliFixture(root);
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            for (LaneCommand c : LaneCommand.values()) {
                // an answer of the op's type, as the daemon writes it: some picocli commands decode it
                String answer = Json.mapper()
                        .writeValueAsString(Samples.sample(
                                OpCodec.answerType(c.op(LaneArgs.parse(
                                                        everyOption(c).toArray(String[]::new)))
                                                .getClass())
                                        .getRawClass(),
                                false,
                                List.of()));
                owner.answer(200, answer);
                for (List<String> args : List.of(everyOption(c), requiredOnly(c))) {
                    Outcome viaPicocli = picocli(f, owner, args);
                    Outcome viaLane = lane(f, owner, args);
                    assertThat(viaLane.exit()).as("lane took " + args).isNotEqualTo(SocketLane.NOT_TAKEN);
                    assertThat(viaPicocli.sent()).as(args.toString()).hasSize(1);
                    assertThat(viaLane.sent()).as(args.toString()).hasSize(1);
                    RecordingOwner.Request p = viaPicocli.sent().get(0);
                    RecordingOwner.Request l = viaLane.sent().get(0);
                    assertThat(l.method() + " " + l.target())
                            .as(args.toString())
                            .isEqualTo(p.method() + " " + p.target());
                    assertThat(tree(l.body())).as(args.toString()).isEqualTo(tree(p.body()));
                    assertThat(viaLane.out())
                            .as(args.toString())
                            .isEqualTo(viaPicocli.out())
                            .isEqualTo(answer + "\n");
                    assertThat(viaLane.exit()).isEqualTo(viaPicocli.exit()).isZero();
                }
            }
        }
    }

    @Test
    void eachLaneCommandPrintsTextAsItsPicocliCommandPrintsIt() throws Exception {
        CliFixture f = new CliFixture(root);
        int compared = 0;
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            for (LaneCommand c : LaneCommand.values()) {
                Class<?> type = OpCodec.answerType(
                                c.op(LaneArgs.parse(everyOption(c).toArray(String[]::new)))
                                        .getClass())
                        .getRawClass();
                for (boolean nulls : new boolean[] {false, true}) {
                    owner.answer(200, Json.mapper().writeValueAsString(Samples.sample(type, nulls, List.of())));
                    for (List<String> args : List.of(text(everyOption(c)), text(requiredOnly(c)))) {
                        String as = args + (nulls ? " with nulls" : "");
                        Outcome viaPicocli = picocli(f, owner, args);
                        Outcome viaLane = lane(f, owner, args);
                        assertThat(viaLane.exit()).as("lane took " + as).isNotEqualTo(SocketLane.NOT_TAKEN);
                        assertThat(viaLane.sent()).as(as).hasSize(1);
                        assertThat(viaPicocli.sent()).as(as).hasSize(1);
                        RecordingOwner.Request p = viaPicocli.sent().get(0);
                        RecordingOwner.Request l = viaLane.sent().get(0);
                        assertThat(l.method() + " " + l.target()).as(as).isEqualTo(p.method() + " " + p.target());
                        assertThat(tree(l.body())).as(as).isEqualTo(tree(p.body()));
                        assertThat(viaLane.out()).as(as).isEqualTo(viaPicocli.out());
                        assertThat(viaLane.err()).as(as).isEqualTo(viaPicocli.err());
                        assertThat(viaLane.exit()).as(as).isEqualTo(viaPicocli.exit());
                        if (!nulls)
                            assertThat(viaLane.out()).as(as).isNotEmpty().doesNotStartWith("{");
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(LaneCommand.values().length * 4);
    }

    @Test
    void textErrorsPrintTheSameMessageAndExitCodeBothWays() throws Exception {
        CliFixture f = new CliFixture(root);
        List<String> next = List.of("task", "next", "--agent", "w1", "--space", "web");
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            owner.answer(
                    404, "{\"error\":{\"code\":\"nothing_to_do\",\"message\":\"no task is ready for agent 'w1'\"}}");
            Outcome p = picocli(f, owner, next);
            Outcome l = lane(f, owner, next);
            assertThat(l.err()).isEqualTo(p.err()).isEqualTo("dispatch: no task is ready for agent 'w1'\n");
            assertThat(l.exit()).isEqualTo(p.exit()).isEqualTo(ExitCode.NOTHING.code());
            assertThat(l.out()).isEqualTo(p.out()).isEmpty();

            // an answer the mapper would not read (an unknown field): the same error, in PlainJson's words
            owner.answer(200, "{\"tasks\":[],\"surprise\":1}");
            List<String> list = List.of("task", "list", "--space", "web");
            p = picocli(f, owner, list);
            l = lane(f, owner, list);
            String prefix = "dispatch: daemon answered GET /v1/spaces/{space}/tasks with an unreadable body: ";
            assertThat(p.err()).startsWith(prefix);
            assertThat(l.err()).startsWith(prefix).contains("unknown field 'surprise'");
            assertThat(l.exit()).isEqualTo(p.exit()).isEqualTo(ExitCode.ERROR.code());
            assertThat(l.out()).isEqualTo(p.out()).isEmpty();
        }
    }

    @Test
    void aliasesSendWhatTheirOptionSends() throws Exception {
        CliFixture f = new CliFixture(root);
        List<List<List<String>>> same = List.of(
                List.of(
                        List.of("msg", "inbox", "--agent", "w1", "--space", "web", "--json"),
                        List.of("msg", "inbox", "w1", "--space", "web", "--json"),
                        List.of("msg", "inbox", "w1", "--agent", "w1", "--space", "web", "--json")),
                List.of(
                        List.of("task", "list", "--agent", "w1", "--space", "web", "--json"),
                        List.of("task", "list", "--assignee", "w1", "--space", "web", "--json")));
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            owner.answer(200, "{}");
            for (List<List<String>> group : same) {
                String expected = null;
                for (List<String> args : group) {
                    Outcome p = picocli(f, owner, args);
                    assertThat(p.sent()).as(args.toString()).hasSize(1);
                    String sent = p.sent().get(0).target() + " "
                            + tree(p.sent().get(0).body());
                    if (expected == null) expected = sent;
                    assertThat(sent).as(args.toString()).isEqualTo(expected);
                    Outcome l = lane(f, owner, args);
                    if (l.exit() != SocketLane.NOT_TAKEN) {
                        assertThat(l.sent()).as(args.toString()).hasSize(1);
                        assertThat(l.sent().get(0).target() + " "
                                        + tree(l.sent().get(0).body()))
                                .as(args.toString())
                                .isEqualTo(expected);
                    }
                }
                // the first (canonical) spelling always takes the lane
                assertThat(lane(f, owner, group.get(0)).exit()).isNotEqualTo(SocketLane.NOT_TAKEN);
                assertThat(lane(f, owner, group.get(1)).exit()).isNotEqualTo(SocketLane.NOT_TAKEN);
            }
            // two different agents: a usage error from picocli, nothing sent either way
            for (List<String> args : List.of(
                    List.of("msg", "inbox", "w1", "--agent", "w2", "--json"),
                    List.of("task", "list", "--agent", "w1", "--assignee", "w2", "--json"),
                    List.of("msg", "inbox", "--json"))) {
                int before = owner.requests.size();
                assertThat(lane(f, owner, args).exit()).as(args.toString()).isEqualTo(SocketLane.NOT_TAKEN);
                Outcome p = picocli(f, owner, args);
                assertThat(p.exit()).as(args.toString()).isEqualTo(ExitCode.USAGE.code());
                assertThat(p.err()).as(args.toString()).contains("--agent");
                assertThat(owner.requests).hasSize(before);
            }
        }
    }

    @Test
    void laneReadsExactlyThePicocliOptionsAndFlags() {
        for (LaneCommand c : LaneCommand.values()) {
            CommandSpec spec = spec(c);
            Set<String> picocli = new TreeSet<>();
            for (OptionSpec o : options(spec)) {
                picocli.add(o.longestName());
                assertThat(c.isFlag(o.longestName()))
                        .as(c.words() + " " + o.longestName() + " is a flag")
                        .isEqualTo(o.arity().max() == 0);
            }
            LaneArgs a = LaneArgs.parse(everyOption(c).toArray(String[]::new));
            assertThat(a).isNotNull();
            try {
                a.flag(LaneCommand.JSON);
                c.op(a);
                a.done();
            } catch (LaneArgs.Unsure e) {
                throw new AssertionError(c.words() + ": the lane was unsure of " + everyOption(c));
            }
            assertThat(picocli).as(c.words() + ": options the lane reads").containsAll(a.optionsRead());
        }
    }

    @Test
    void errorsPrintTheSameMessageAndExitCodeBothWays() throws Exception {
        CliFixture f = new CliFixture(root);
        List<String> args = List.of("task", "complete", "task_1", "--lease", "lse_old", "--space", "web", "--json");
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            owner.answer(
                    409,
                    "{\"error\":{\"code\":\"lease_lost\",\"message\":\"lease lse_old is not the current lease of task_1\"}}");
            Outcome p = picocli(f, owner, args);
            Outcome l = lane(f, owner, args);
            assertThat(l.err())
                    .isEqualTo(p.err())
                    .isEqualTo("dispatch: lease lse_old is not the current lease of task_1\n");
            assertThat(l.exit()).isEqualTo(p.exit()).isEqualTo(ExitCode.CONFLICT.code());
            assertThat(l.out()).isEqualTo(p.out()).isEmpty();

            owner.answer(502, "<html>bad gateway</html>");
            p = picocli(f, owner, args);
            l = lane(f, owner, args);
            assertThat(l.err())
                    .isEqualTo(p.err())
                    .startsWith("dispatch: the daemon refused ")
                    .contains("with HTTP 502: bad gateway");
            assertThat(l.exit()).isEqualTo(p.exit()).isEqualTo(ExitCode.ERROR.code());
        }
    }

    @Test
    void aBadAgentStatusGetsPicoclisMessageAndSendsNothingWhicheverWayItCame() throws Exception {
        CliFixture f = new CliFixture(root);
        List<String> args = List.of("agent", "status", "w1", "--status", "sleepy", "--space", "web", "--json");
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            Outcome l = lane(f, owner, args);
            assertThat(l.exit()).isEqualTo(SocketLane.NOT_TAKEN);
            assertThat(l.sent()).isEmpty();
            Outcome p = picocli(f, owner, args);
            assertThat(p.exit()).isEqualTo(ExitCode.USAGE.code());
            assertThat(p.sent()).isEmpty();
            assertThat(p.out()).isEmpty();
            assertThat(p.err())
                    .contains("--status")
                    .contains("'sleepy'")
                    .contains("active, idle, blocked, done, error, cancelled");
            // a good word goes the lane's way and sends the same request as picocli's
            List<String> good = List.of("agent", "status", "w1", "--status", "blocked", "--space", "web", "--json");
            owner.answer(200, "{\"agent\":{\"name\":\"w1\",\"status\":\"blocked\"},\"changed\":true}");
            Outcome lg = lane(f, owner, good);
            Outcome pg = picocli(f, owner, good);
            assertThat(lg.exit()).isEqualTo(pg.exit()).isZero();
            assertThat(lg.sent()).hasSize(1).isEqualTo(pg.sent());
            assertThat(lg.sent().get(0).toString()).contains("blocked");
        }
    }

    @Test
    void aBadTaskStatusGetsPicoclisMessageAndSendsNothingWhicheverWayItCame() throws Exception {
        CliFixture f = new CliFixture(root);
        List<String> args = List.of("task", "list", "--status", "bogus", "--space", "web", "--json");
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            Outcome l = lane(f, owner, args);
            assertThat(l.exit()).isEqualTo(SocketLane.NOT_TAKEN);
            assertThat(l.sent()).isEmpty();
            // the lane leaves the command to picocli, whose answer is then the one the user sees
            Outcome p = picocli(f, owner, args);
            assertThat(p.exit()).isEqualTo(ExitCode.USAGE.code());
            assertThat(p.sent()).isEmpty();
            assertThat(p.out()).isEmpty();
            assertThat(p.err())
                    .contains("--status")
                    .contains("'bogus'")
                    .contains("pending, ready, claimed, waiting, done, dead, cancelled");
            // a good word goes the lane's way and sends the same request as picocli's
            List<String> good = List.of("task", "list", "--status", "done", "--space", "web", "--json");
            owner.answer(200, "{\"tasks\":[]}");
            Outcome lg = lane(f, owner, good);
            Outcome pg = picocli(f, owner, good);
            assertThat(lg.exit()).isEqualTo(pg.exit()).isZero();
            assertThat(lg.sent()).hasSize(1).isEqualTo(pg.sent());
            assertThat(lg.sent().get(0).toString()).contains("status=done");
        }
    }

    @Test
    void leavesToPicocliWhatOnlyPicocliReadsAndSendsNothing() throws Exception {
        CliFixture f = new CliFixture(root);
        Files.writeString(root.resolve("args.txt"), "--agent w1");
        List<List<String>> unsure = List.of(
                List.of("task", "next", "--agent", "w1", "--json", "--help"),
                List.of("task", "next", "--agent", "w1", "--json", "--debug"),
                List.of("task", "next", "--json"), // --agent is required
                List.of("task", "next", "--agent", "w1", "--agent", "w2", "--json"),
                List.of("task", "next", "--agent", "w1", "--bogus", "x", "--json"),
                List.of("task", "next", "--agent", "-w1", "--json"),
                List.of("task", "next", "--agent", "w1", "extra", "--json"),
                List.of("task", "next", "@" + root.resolve("args.txt"), "--json"),
                List.of("task", "add", "t", "--priority", "high", "--json"),
                List.of("task", "list", "--status", "bogus", "--json"), // picocli names it and the words allowed
                List.of("agent", "status", "w1", "--status", "sleepy", "--json"),
                List.of("agent", "status", "w1", "--status", "ACTIVE", "--json"),
                List.of("task", "list", "--status", "READY", "--json"), // picocli's case rule, not the lane's
                List.of("task", "list", "--status", "ready,done", "--json"),
                List.of("task", "add", "t", "--priority", "-1", "--json"),
                List.of("task", "fail", "t", "--lease", "l", "--error", "e", "--no-retry=false", "--json"),
                List.of("task", "show", "--json"), // ID is required
                List.of("msg", "inbox", "w1", "--limit", "0", "--json"), // the command's own range error
                List.of("msg", "inbox", "w1", "--peek=true", "--json"),
                List.of("task", "--json", "next", "--agent", "w1"),
                List.of("lock", "list", "--json"), // not a lane command
                List.of("--data-dir", "a", "--data-dir", "b", "task", "next", "--agent", "w1", "--json"),
                List.of("task", "next", "--agent", "w1", "--data-dir", "nul\u0000", "--json"),
                List.of("task", "next", "--agent", "w1", "--", "--json"));
        try (RecordingOwner owner = new RecordingOwner(Dirs.resolve(f.env))) {
            for (List<String> args : unsure) {
                Outcome l = lane(f, owner, args);
                assertThat(l.exit()).as(args.toString()).isEqualTo(SocketLane.NOT_TAKEN);
                assertThat(l.sent()).as(args.toString()).isEmpty();
                assertThat(l.out() + l.err()).as(args.toString()).isEmpty();
            }
        }
    }

    @Test
    void withNobodyOnTheSocketTheCommandRunsInProcess() throws Exception {
        CliFixture f = new CliFixture(root);
        Dirs dirs = Dirs.resolve(f.env);
        List<String> args = List.of("task", "next", "--agent", "w1", "--space", "web", "--json");
        assertThat(lane(f, null, args).exit()).isEqualTo(SocketLane.NOT_TAKEN); // no registry, no socket
        try (RecordingOwner owner = new RecordingOwner(dirs)) {
            assertThat(lane(f, owner, args).exit()).isZero();
        }
        // the owner is gone but its socket file and registry remain: a refused connection, not an error
        Files.createFile(dirs.socket());
        assertThat(lane(f, null, args).exit()).isEqualTo(SocketLane.NOT_TAKEN);
        // a registry for another data dir is not ours to use
        Files.delete(dirs.socket());
        List<String> other =
                new ArrayList<>(List.of("--data-dir", root.resolve("elsewhere").toString()));
        other.addAll(args);
        try (RecordingOwner owner = new RecordingOwner(dirs)) {
            assertThat(lane(f, owner, other).exit()).isEqualTo(SocketLane.NOT_TAKEN);
            assertThat(owner.requests).isEmpty();
            List<String> same =
                    new ArrayList<>(List.of("--data-dir", dirs.data().toString()));
            same.addAll(args);
            assertThat(lane(f, owner, same).exit()).isZero();
            assertThat(owner.requests).hasSize(1);
        }
    }

    /** {@code args} without {@code --json}: the text mode of the same invocation. */
    private static List<String> text(List<String> args) {
        List<String> text = new ArrayList<>(args);
        text.remove(LaneCommand.JSON);
        return text;
    }

    /** The command's words, a value for each positional and for every option (repeatables twice), and --json. */
    static List<String> everyOption(LaneCommand c) {
        List<String> args = words(c);
        CommandSpec spec = spec(c);
        for (int i = 0; i < visiblePositionals(spec); i++) args.add("P" + i + " x");
        for (OptionSpec o : options(spec)) {
            if (o.hidden()) continue; // an old spelling of a visible option: aliasesSendWhatTheirOptionSends
            String name = o.longestName();
            if (o.arity().max() == 0) {
                args.add(name);
            } else {
                args.add(name);
                args.add(sample(o));
                if (o.isMultiValue()) {
                    args.add(name);
                    args.add(sample(o) + "2");
                }
            }
        }
        return args;
    }

    /** The required options only, as {@code --opt=value} before the positionals; the default space. */
    static List<String> requiredOnly(LaneCommand c) {
        List<String> args = words(c);
        CommandSpec spec = spec(c);
        for (OptionSpec o : options(spec)) {
            if (o.required() && !o.hidden()) args.add(o.longestName() + "=" + sample(o));
        }
        for (int i = 0; i < visiblePositionals(spec); i++) args.add("Q" + i);
        if (c == LaneCommand.MSG_INBOX) args.add("--agent=w1"); // required, though picocli cannot say so
        args.add(LaneCommand.JSON);
        return args;
    }

    private static int visiblePositionals(CommandSpec spec) {
        int n = 0;
        for (var p : spec.positionalParameters()) if (!p.hidden()) n++;
        return n;
    }

    private static String sample(OptionSpec o) {
        Class<?> t = o.type();
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "3";
        if (t.isEnum()) return t.getEnumConstants()[t.getEnumConstants().length - 1].toString();
        return "v" + o.longestName().substring(2) + " é";
    }

    private static List<String> words(LaneCommand c) {
        List<String> args = new ArrayList<>();
        args.add(c.group);
        if (c.name != null) args.add(c.name);
        return args;
    }

    private static CommandSpec spec(LaneCommand c) {
        CommandLine group = Cli.commandLine().getSubcommands().get(c.group);
        return (c.name == null ? group : group.getSubcommands().get(c.name)).getCommandSpec();
    }

    /** The command's own options: not help, version, or the root's inherited --data-dir and --debug. */
    private static List<OptionSpec> options(CommandSpec spec) {
        List<OptionSpec> own = new ArrayList<>();
        for (OptionSpec o : spec.options()) if (!o.usageHelp() && !o.versionHelp() && !o.inherited()) own.add(o);
        return own;
    }

    private static Outcome picocli(CliFixture f, RecordingOwner owner, List<String> args) {
        int before = owner.requests.size();
        CliHarness.Result r = f.run(args.toArray(String[]::new));
        return new Outcome(
                r.exitCode(), r.out(), r.err(), List.copyOf(owner.requests.subList(before, owner.requests.size())));
    }

    private static Outcome lane(CliFixture f, RecordingOwner owner, List<String> args) {
        int before = owner == null ? 0 : owner.requests.size();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SocketLane.run(args.toArray(String[]::new), f.env, new PrintWriter(out), new PrintWriter(err));
        List<RecordingOwner.Request> sent =
                owner == null ? List.of() : List.copyOf(owner.requests.subList(before, owner.requests.size()));
        return new Outcome(exit, out.toString(), err.toString(), sent);
    }

    private static JsonNode tree(String body) throws Exception {
        return body.isEmpty() ? null : Json.mapper().readTree(body);
    }
}
