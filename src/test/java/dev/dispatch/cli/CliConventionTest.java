package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.dispatch.permission.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One CLI convention, checked over the whole command tree (so a new command is held to it without a
 * test edit): every option and positional is described; the acting agent is {@code --agent NAME}
 * (old spellings stay only as hidden aliases); lease and token options say which command printed
 * them; choice options complete exactly the words they accept; models, tags, agents and templates
 * complete live through {@code dispatch __complete}; and the man page's examples are preformatted
 * and parse.
 */
class CliConventionTest {
    /** Spellings of "the acting agent" other than --agent. */
    private static final Set<String> OTHER_AGENT_NAMES = Set.of(
            "--from",
            "--as",
            "--holder",
            "--assignee",
            "--sender",
            "--owner",
            "--by",
            "--who",
            "--recipient",
            "--worker",
            "--actor",
            "--author",
            "--name");

    /** Help that introduces an option as the agent doing or receiving the work. */
    private static final Pattern MENTIONS_AGENT = Pattern.compile(
            "(?i)^(the|only[\\w ]*? this) (sending |acting |receiving )?(agent|recipient|sender|holder|assignee|author)\\b");

    @TempDir
    Path tmp;

    /** Every command in the tree with every option and positional it declares itself. */
    private static List<CommandSpec> commands() {
        List<CommandSpec> out = new ArrayList<>();
        walk(Cli.commandLine(), out);
        return out;
    }

    private static void walk(CommandLine cl, List<CommandSpec> out) {
        out.add(cl.getCommandSpec());
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, out);
    }

    private static List<OptionSpec> own(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.inherited()).toList();
    }

    private static String text(ArgSpec a) {
        return String.join(" ", a.description()).strip();
    }

    private static String where(CommandSpec spec, ArgSpec a) {
        return spec.qualifiedName() + " "
                + (a instanceof OptionSpec o ? o.longestName() : ((PositionalParamSpec) a).paramLabel());
    }

    private static boolean inAgentGroup(CommandSpec spec) {
        // `agent show|status|drain|… NAME` act on the agent they name: the object, not the actor
        return spec.parent() != null
                && spec.parent().parent() != null
                && spec.parent().name().equals("agent");
    }

    @Test
    void everyCommandOptionAndPositionalIsDescribed() {
        int seen = 0;
        for (CommandSpec spec : commands()) {
            assertThat(String.join(" ", spec.usageMessage().description()))
                    .as(spec.qualifiedName())
                    .isNotBlank();
            for (OptionSpec o : own(spec)) {
                assertThat(text(o)).as(where(spec, o)).isNotBlank();
                seen++;
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                assertThat(text(p)).as(where(spec, p)).isNotBlank();
                seen++;
            }
        }
        assertThat(seen).isGreaterThan(150);
    }

    @Test
    void theActingAgentIsAlwaysDashDashAgent() {
        int agentOptions = 0;
        for (CommandSpec spec : commands()) {
            for (OptionSpec o : own(spec)) {
                if (o.hidden()) continue; // old spellings kept for scripts
                for (String n : o.names())
                    assertThat(OTHER_AGENT_NAMES)
                            .as(where(spec, o) + ": say --agent")
                            .doesNotContain(n);
                boolean namesAnAgent = MENTIONS_AGENT.matcher(text(o)).find();
                if (o.longestName().equals("--agent")) {
                    agentOptions++;
                    if (spec.qualifiedName().equals("dispatch permission log")) continue; // a runtime agent id
                    // run and chat start an in-process agent as a template (issue 20: --agent TEMPLATE)
                    if (List.of("dispatch run", "dispatch chat").contains(spec.qualifiedName())) {
                        assertThat(o.paramLabel()).as(where(spec, o)).isEqualTo("TEMPLATE");
                        continue;
                    }
                    assertThat(o.paramLabel()).as(where(spec, o)).isEqualTo("NAME");
                    assertThat(o.completionCandidates()).as(where(spec, o)).isInstanceOf(Candidates.Agents.class);
                } else {
                    assertThat(namesAnAgent)
                            .as(where(spec, o) + " names the acting agent: call it --agent")
                            .isFalse();
                }
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden() || inAgentGroup(spec)) continue;
                assertThat(p.paramLabel()).as(where(spec, p)).isNotIn("A", "AGENT");
                assertThat(MENTIONS_AGENT.matcher(text(p)).find())
                        .as(where(spec, p) + ": the acting agent is --agent, not a positional")
                        .isFalse();
            }
        }
        assertThat(agentOptions).isGreaterThan(8);
    }

    @Test
    void leaseAndTokenHelpSaysWhereTheyComeFrom() {
        int checked = 0;
        for (CommandSpec spec : commands()) {
            for (OptionSpec o : own(spec)) {
                String n = o.longestName();
                if (n.equals("--lease")) {
                    assertThat(text(o)).as(where(spec, o)).contains("task next").contains("task claim");
                    checked++;
                }
                if (n.contains("token") || o.paramLabel().contains("TOKEN")) {
                    assertThat(text(o))
                            .as(where(spec, o))
                            .containsPattern("printed|prints")
                            .containsPattern("lock acquire|agent register");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
        CommandSpec register = Cli.commandLine()
                .getSubcommands()
                .get("agent")
                .getSubcommands()
                .get("register")
                .getCommandSpec();
        assertThat(String.join(" ", register.usageMessage().description())).contains("token once");
    }

    @Test
    void choiceOptionsCompleteExactlyTheWordsTheyAccept() throws Exception {
        CliFixture f = new CliFixture(tmp);
        assertThat(f.run("agent", "register", "w1").exitCode()).isZero();
        Map<Class<?>, Consumer<String>> accepts =
                Map.of(Candidates.PermissionModes.class, Mode::parse, Candidates.SearchKinds.class, w -> assertThat(
                                f.run("kb", "search", "x", "--kind", w).exitCode())
                        .as(w)
                        .isIn(0, ExitCode.NOTHING.code()));
        int checked = 0;
        for (CommandSpec spec : commands()) {
            List<ArgSpec> args = new ArrayList<>(own(spec));
            args.addAll(spec.positionalParameters());
            for (ArgSpec a : args) {
                Iterable<String> words = a.completionCandidates();
                Class<?> type = a.type();
                if (type.isEnum()
                        || (a.typeInfo().isCollection()
                                && a.typeInfo().getAuxiliaryTypes()[0].isEnum()))
                    assertThat(words)
                            .as(where(spec, a) + " completes its values")
                            .isNotNull();
                if (words == null || isLive(words)) continue;
                for (String w : words) {
                    assertThat(w).as(where(spec, a)).doesNotContain("_"); // the CLI spells words with '-'
                    if (a.converters().length > 0) {
                        assertThatCode(() -> a.converters()[0].convert(w))
                                .as(where(spec, a) + " " + w)
                                .doesNotThrowAnyException();
                    } else if (type.isEnum()) {
                        assertThatCode(() -> Enum.valueOf(type.asSubclass(Enum.class), w))
                                .as(where(spec, a) + " " + w)
                                .doesNotThrowAnyException();
                    } else if (a.typeInfo().isCollection()
                            && a.typeInfo().getAuxiliaryTypes()[0].isEnum()) {
                        Class<?> element = a.typeInfo().getAuxiliaryTypes()[0];
                        assertThatCode(() -> Enum.valueOf(element.asSubclass(Enum.class), w))
                                .doesNotThrowAnyException();
                    } else {
                        Consumer<String> check = accepts.get(words.getClass());
                        assertThat(check)
                                .as(where(spec, a) + ": how is '" + w + "' accepted? add it here")
                                .isNotNull();
                        check.accept(w);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        String bash = CompletionCommand.script("bash");
        assertThat(bash).contains("\"stream-json\"").doesNotContain("stream_json");
        assertThat(bash).contains("\"accept-edits\"");
    }

    private static boolean isLive(Iterable<String> words) {
        for (String w : words) if (w.startsWith("@dispatch-complete-")) return true;
        return false;
    }

    @Test
    void modelsTagsAgentsAndTemplatesCompleteLive() {
        int live = 0;
        for (CommandSpec spec : commands()) {
            for (OptionSpec o : own(spec)) {
                if (o.hidden()) continue;
                if (o.longestName().equals("--model"))
                    assertThat(o.completionCandidates()).as(where(spec, o)).isInstanceOf(Candidates.Models.class);
                if (o.longestName().equals("--tag"))
                    assertThat(o.completionCandidates()).as(where(spec, o)).isInstanceOf(Candidates.Tags.class);
                if (o.longestName().equals("--agent-type"))
                    assertThat(o.completionCandidates()).as(where(spec, o)).isInstanceOf(Candidates.Templates.class);
                if (o.completionCandidates() != null && isLive(o.completionCandidates())) live++;
            }
        }
        assertThat(live).isGreaterThan(10);
        for (String shell : List.of("bash", "zsh")) {
            String script = CompletionCommand.script(shell);
            assertThat(script)
                    .as(shell)
                    .contains("$(dispatch __complete \"${options[0]#@dispatch-complete-}\" 2>/dev/null)");
            for (String kind : List.of("models", "tags", "agents", "templates"))
                assertThat(script).as(shell).contains("(\"@dispatch-complete-" + kind + "\")");
        }
    }

    @Test
    void theGeneratedBashScriptOffersLiveAndFixedWords() throws Exception {
        Path script = tmp.resolve("dispatch.bash");
        Files.writeString(script, CompletionCommand.script("bash"));
        // a shell function shadows the real binary: it answers as `dispatch __complete` would
        String fake = "dispatch() { case \"$1 $2\" in '__complete models') printf 'big\\nsmall\\n';;"
                + " '__complete agents') printf 'w1\\nw2\\n';; esac; }";
        assertThat(complete(script, fake, "dispatch", "run", "--model", "")).containsExactly("big", "small");
        assertThat(complete(script, fake, "dispatch", "run", "--output-format", "st"))
                .containsExactly("stream-json");
        assertThat(complete(script, fake, "dispatch", "task", "next", "--agent", ""))
                .containsExactly("w1", "w2");
        assertThat(complete(script, fake, "dispatch", "run", "--permission-mode", "a"))
                .containsExactly("accept-edits", "ask");
        assertThat(complete(script, fake, "dispatch", "msg", "inbox", "--agent", "w"))
                .containsExactly("w1", "w2");
        assertThat(complete(script, fake, "dispatch", "agent", "drain", "")).contains("w1", "w2");
        // a Tab on any other option never starts dispatch: completion stays instant
        Path called = tmp.resolve("called");
        String spy = "dispatch() { touch " + called + "; }";
        complete(script, spy, "dispatch", "run", "--output-format", "");
        complete(script, spy, "dispatch", "run", "--cwd", "");
        complete(script, spy, "dispatch", "task", "next", "--queue", "");
        assertThat(called).doesNotExist();
        complete(script, spy, "dispatch", "run", "--model", "");
        assertThat(called).exists();
    }

    /** The words bash offers for the command line {@code words} (the last is the word being typed). */
    private static List<String> complete(Path script, String fake, String... words) throws Exception {
        StringBuilder arr = new StringBuilder();
        for (String w : words) arr.append('\'').append(w).append("' ");
        String cmd = "source " + script + "; " + fake + "; COMP_WORDS=(" + arr + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE};"
                + " _complete_dispatch; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD) // compopt outside a real Tab press
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    @Test
    void theHiddenCompleteCommandPrintsLiveWordsAndNeverFailsLoudly() {
        CliFixture f = new CliFixture(tmp);
        f.userConfig(
                """
                providers:
                  a: { type: anthropic, max_tokens: 1000 }
                models:
                  - { id: big, provider: a, name: claude-big, tags: [heavy] }
                  - { id: small, provider: a, name: claude-small, tags: [light, heavy] }
                agents:
                  - { id: reviewer, system_prompt: You review diffs. }
                """);
        assertThat(f.run("__complete", "models").out()).isEqualTo("big\nsmall\n");
        assertThat(f.run("__complete", "tags").out()).isEqualTo("heavy\nlight\n");
        assertThat(f.run("__complete", "templates").out()).isEqualTo("reviewer\n");
        assertThat(f.run("agent", "register", "w2").exitCode()).isZero();
        assertThat(f.run("agent", "register", "w1").exitCode()).isZero();
        assertThat(f.run("__complete", "agents").out()).isEqualTo("w1\nw2\n");
        assertThat(f.run("__complete", "nonsense").out()).isEmpty();
        // a broken config: nothing offered, nothing said, exit 0
        f.userConfig("models: [ {{ not yaml\n");
        CliHarness.Result r = f.run("__complete", "models");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out() + r.err()).isEmpty();
        // hidden from help, the man page and the list of commands the shell offers
        assertThat(f.run("--help").out()).doesNotContain("__complete");
        assertThat(ManPage.render(Cli.commandLine())).doesNotContain("__complete");
    }

    @Test
    void manPageExamplesArePreformattedAndParse() {
        String man = ManPage.render(Cli.commandLine());
        int at = man.indexOf(".SH EXAMPLES");
        assertThat(at).isPositive();
        String section = man.substring(at, man.indexOf(".SH", at + 1));
        assertThat(section).contains(".nf").contains(".fi");
        // every indented (example) line in a command's description sits inside a .nf/.fi block
        boolean inBlock = false;
        for (String line : man.lines().toList()) {
            if (line.equals(".nf")) inBlock = true;
            if (line.equals(".fi")) inBlock = false;
            assertThat(line).as("examples outside a .nf block").doesNotStartWith(".br");
            if (line.startsWith("source <(")) assertThat(inBlock).as(line).isTrue();
        }
        for (String e : ManPage.EXAMPLES) {
            if (e.isBlank() || e.startsWith("#") || !e.startsWith("dispatch ")) continue;
            List<String> words = shellWords(e.substring("dispatch ".length()));
            assertThatCode(() -> Cli.commandLine().parseArgs(words.toArray(String[]::new)))
                    .as(e)
                    .doesNotThrowAnyException();
        }
    }

    /** Splits a command line on spaces, keeping double-quoted words whole. */
    private static List<String> shellWords(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') quoted = !quoted;
            else if (c == ' ' && !quoted) {
                if (!w.isEmpty()) out.add(w.toString());
                w.setLength(0);
            } else w.append(c);
        }
        if (!w.isEmpty()) out.add(w.toString());
        return out;
    }
}
