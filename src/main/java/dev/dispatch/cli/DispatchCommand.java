package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.tui.Workbench;
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
            "Run 'dispatch' alone for the full-screen workbench (? in it shows the keys),",
            "'dispatch COMMAND --help' for a command's options; 'man dispatch' for everything."
        },
        subcommands = {
            RunCommand.class,
            ChatCommand.class,
            AgentCommand.class,
            TaskCommand.class,
            LockCommand.class,
            MessageCommand.class,
            KnowledgeCommand.class,
            ApprovalCommand.class,
            EventsCommand.class,
            StatsCommand.class,
            PermissionCommand.class,
            ModelsCommand.class,
            KeysCommand.class,
            SkillsCommand.class,
            ConfigCommand.class,
            DoctorCommand.class,
            CompletionCommand.class,
            DaemonCommand.class
        })
public final class DispatchCommand implements Runnable {
    @Mixin
    GlobalOptions globals;

    @Spec
    CommandSpec spec;

    /** With no subcommand: the full-screen workbench on a terminal, the usage text otherwise. */
    @Override
    public void run() {
        if (!Terminals.interactive()) {
            spec.commandLine().usage(spec.commandLine().getOut());
            spec.commandLine().getErr().println(
                    "dispatch: not a terminal, so no workbench: run 'dispatch chat' or a command above.");
            return;
        }
        Dirs dirs = globals.dirs();
        String cwd = Environment.current().cwd().toString();
        try (Engine engine = EngineAccess.open(spec, "workbench")) {
            Workbench.open(engine, new Workbench.Options(cwd, dirs.userConfigFile().toString()));
        }
    }

    public GlobalOptions globals() {
        return globals;
    }
}
