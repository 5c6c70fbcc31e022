package dev.dispatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code dispatch} command: global options and the list of subcommands that work. */
@Command(
        name = "dispatch",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "A terminal-first workbench for running and coordinating AI agents.",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0 ok, 1 error, 2 usage, 3 not found, 4 conflict, 5 nothing to do.",
            "",
            "Run 'dispatch COMMAND --help' for a command's options; 'man dispatch' for everything."
        },
        subcommands = {CompletionCommand.class, DaemonCommand.class})
public final class DispatchCommand implements Runnable {
    @Mixin
    GlobalOptions globals;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public GlobalOptions globals() {
        return globals;
    }
}
