package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How much of the command tree an invocation builds (start-up cost, see {@link CommandTree}), and that
 * the partial trees behave like the full one: inherited global options, help listing every sibling,
 * suggestions for mistyped names. Plus the AOT training entry's refusal of an unknown workload.
 */
class CommandTreeTest {
    @Test
    void aOneShotBuildsOnlyItsCommandAndSubcommand() {
        CommandLine cl =
                Cli.commandLineFor(new String[] {"--data-dir", "/tmp/x", "task", "--debug", "next", "--agent", "a"});
        assertThat(cl.getSubcommands().keySet()).containsExactly("task");
        CommandLine next = cl.getSubcommands().get("task").getSubcommands().get("next");
        assertThat(cl.getSubcommands().get("task").getSubcommands().keySet()).containsExactly("next");
        assertThat(next.getCommandSpec().findOption("--data-dir")).isNotNull();
        assertThat(next.getCommandSpec().findOption("--debug")).isNotNull();
    }

    @Test
    void onlyTheWorkbenchsOwnOptionsCanSkipTheTree() {
        for (String[] args : new String[][] {
            {},
            {"--continue"},
            {"--resume", "ses_1"},
            {"--resume"},
            {"--resume=ses_1"},
            {"--no-serve", "--debug"},
            {"--data-dir", "/tmp/x", "--resume", "ses_1"},
            {"--data-dir=/tmp/x"}
        }) assertThat(CommandTree.rootOnly(args)).as(String.join(" ", args)).isTrue();
        // a command's name after --resume is the command (as picocli reads it), help and unknown options list
        // the tree, and --data-dir without its value is an error whose message does too
        for (String[] args : new String[][] {
            {"--resume", "chat"}, {"--help"}, {"-h"}, {"--bogus"}, {"--data-dir"}, {"ses_1"}, {"--continue", "run"}
        }) assertThat(CommandTree.rootOnly(args)).as(String.join(" ", args)).isFalse();
        // off a terminal the root prints its usage, which lists every command
        assertThat(Cli.commandLineFor(new String[] {}).getSubcommands()).hasSize(CommandTree.COMMANDS.size());
    }

    @Test
    void theVersionBuildsTheRootAlone() {
        assertThat(Cli.commandLineFor(new String[] {"--version"}).getSubcommands())
                .isEmpty();
        assertThat(Cli.commandLineFor(new String[] {"--debug", "--version"}).getSubcommands())
                .hasSize(CommandTree.COMMANDS.size());
    }

    @Test
    void helpBeforeTheNameListsEverySibling() {
        assertThat(Cli.commandLineFor(new String[] {"--help", "task"}).getSubcommands())
                .hasSize(CommandTree.COMMANDS.size());
        CommandLine cl = Cli.commandLineFor(new String[] {"task", "--help", "next"});
        assertThat(cl.getSubcommands().get("task").getSubcommands()).hasSize(12);
        StringWriter out = new StringWriter();
        assertThat(Cli.run(new String[] {"--help", "task"}, new PrintWriter(out), new PrintWriter(new StringWriter())))
                .isZero();
        assertThat(out.toString()).contains("  task ", "  daemon ", "  config ");
    }

    @Test
    void aMistypedSubcommandGetsItsWholeGroupSoTheErrorCanSuggest() {
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"task", "nxt"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'nxt'").contains("next");
    }

    @Test
    void anUnknownTrainingWorkloadIsAUsageErrorNamingTheChoices() {
        StringWriter err = new StringWriter();
        assertThat(AotTraining.run("bogus", new PrintWriter(err, true))).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'bogus'").contains("plain").contains("command");
    }
}
