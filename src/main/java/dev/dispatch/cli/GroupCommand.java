package dev.dispatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code dispatch task}, {@code dispatch kb}, …): run alone, it
 * prints its usage, which lists them. The bare {@code @Command} only lets picocli accept the
 * {@code @Spec} here; each subclass's own {@code @Command} names and describes it.
 */
@Command
abstract class GroupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
