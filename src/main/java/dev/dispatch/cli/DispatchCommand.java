package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.tui.Workbench;
import java.util.List;
import java.util.Map;
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
        })
public final class DispatchCommand implements Runnable {
    /**
     * The subcommands, by name, in help order. Not in the annotation: picocli builds every command it
     * is given, and a one-shot command should only pay for its own (see {@link Cli#commandLineFor}).
     * {@code DocsTest} checks each name against the class's own {@code @Command(name)}.
     */
    static final List<Map.Entry<String, Class<?>>> SUBCOMMANDS = List.of(
            Map.entry("run", RunCommand.class),
            Map.entry("chat", ChatCommand.class),
            Map.entry("agent", AgentCommand.class),
            Map.entry("task", TaskCommand.class),
            Map.entry("lock", LockCommand.class),
            Map.entry("msg", MessageCommand.class),
            Map.entry("kb", KnowledgeCommand.class),
            Map.entry("approval", ApprovalCommand.class),
            Map.entry("events", EventsCommand.class),
            Map.entry("stats", StatsCommand.class),
            Map.entry("permission", PermissionCommand.class),
            Map.entry("models", ModelsCommand.class),
            Map.entry("keys", KeysCommand.class),
            Map.entry("skills", SkillsCommand.class),
            Map.entry("config", ConfigCommand.class),
            Map.entry("doctor", DoctorCommand.class),
            Map.entry("completion", CompletionCommand.class),
            Map.entry("daemon", DaemonCommand.class));

    @Mixin
    GlobalOptions globals;

    @Mixin
    ServeOptions serve;

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
        try (Engine engine = serve.open(spec, "workbench")) {
            Workbench.open(engine, new Workbench.Options(cwd, dirs.userConfigFile().toString()));
        }
    }

    public GlobalOptions globals() {
        return globals;
    }
}
