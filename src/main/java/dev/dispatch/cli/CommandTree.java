package dev.dispatch.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Every command by name, in help order, and how much of the picocli tree an invocation needs. Picocli
 * builds each command it is given by reading its annotations (reflection, plus a proxy class per
 * annotation type the first time), so a one-shot command only pays for the root, its group and itself:
 * {@code task next} builds one of the twelve {@code task} commands. Help, completion, man pages and
 * mistyped names get the full tree (so an error can suggest the nearest name). The groups' own
 * {@code @Command} annotations therefore list no subcommands; {@code DocsTest} checks every name here
 * against its class's {@code @Command(name)}.
 */
final class CommandTree {
    /** A command: its name, class, and (for a group) its subcommands. */
    record Node(String name, Class<?> type, List<Node> subs) {}

    static final List<Node> COMMANDS = List.of(
            leaf("run", RunCommand.class),
            leaf("chat", ChatCommand.class),
            group(
                    "agent",
                    AgentCommand.class,
                    leaf("register", AgentCommand.Register.class),
                    leaf("list", AgentCommand.ListAgents.class),
                    leaf("show", AgentCommand.Show.class),
                    leaf("status", AgentStateCommands.Status.class),
                    leaf("heartbeat", AgentStateCommands.Heartbeat.class),
                    leaf("drain", AgentStateCommands.Drain.class),
                    leaf("undrain", AgentStateCommands.Undrain.class),
                    leaf("remove", AgentStateCommands.Remove.class),
                    leaf("send", AgentTreeCommands.Send.class),
                    leaf("tree", AgentTreeCommands.Tree.class),
                    leaf("answer", AgentAnswerCommand.class),
                    leaf("model", AgentModelCommand.class),
                    leaf("interrupt", AgentInterruptCommand.class)),
            group(
                    "task",
                    TaskCommand.class,
                    leaf("add", TaskCommand.Add.class),
                    leaf("list", TaskCommand.ListTasks.class),
                    leaf("show", TaskCommand.Show.class),
                    leaf("ready", TaskCommand.Ready.class),
                    leaf("next", TaskClaimCommands.Next.class),
                    leaf("claim", TaskClaimCommands.Claim.class),
                    leaf("progress", TaskClaimCommands.Progress.class),
                    leaf("complete", TaskClaimCommands.Complete.class),
                    leaf("fail", TaskClaimCommands.Fail.class),
                    leaf("cancel", TaskAdminCommands.Cancel.class),
                    leaf("retry", TaskAdminCommands.Retry.class),
                    leaf("explain", TaskAdminCommands.Explain.class)),
            group(
                    "lock",
                    LockCommand.class,
                    leaf("acquire", LockCommand.Acquire.class),
                    leaf("renew", LockCommand.Renew.class),
                    leaf("release", LockCommand.Release.class),
                    leaf("list", LockCommand.ListLocks.class)),
            group(
                    "msg",
                    MessageCommand.class,
                    leaf("send", MessageCommand.Send.class),
                    leaf("inbox", MessageCommand.Inbox.class),
                    leaf("ack", MessageCommand.Ack.class)),
            group(
                    "sessions",
                    SessionsCommand.class,
                    leaf("list", SessionsCommand.ListSessions.class),
                    leaf("show", SessionsShowCommand.Show.class),
                    leaf("search", SessionsCommand.Search.class),
                    leaf("export", SessionsShowCommand.Export.class),
                    leaf("rename", SessionsEditCommand.Rename.class),
                    leaf("delete", SessionsEditCommand.Delete.class),
                    leaf("fork", SessionsEditCommand.Fork.class),
                    leaf("cost", SessionsCostCommand.Cost.class),
                    leaf("compact", SessionsCostCommand.Compact.class),
                    leaf("undo", SessionsCostCommand.Undo.class),
                    leaf("diff", SessionsCostCommand.Diff.class)),
            group(
                    "kb",
                    KnowledgeCommand.class,
                    leaf("write", KnowledgeCommand.Write.class),
                    leaf("read", KnowledgeCommand.Read.class),
                    leaf("list", KnowledgeCommand.ListTopics.class),
                    leaf("search", KnowledgeCommand.Search.class)),
            group(
                    "approval",
                    ApprovalCommand.class,
                    leaf("request", ApprovalCommand.Request.class),
                    leaf("list", ApprovalCommand.ListApprovals.class),
                    leaf("decide", ApprovalCommand.Decide.class)),
            group(
                    "mcp",
                    McpCommand.class,
                    leaf("serve", McpServeCommand.class),
                    leaf("install", McpInstallCommand.class),
                    leaf("list", McpListCommand.class),
                    leaf("trust", McpTrustCommand.class)),
            leaf("spawn", SpawnCommand.class),
            group(
                    "persona",
                    PersonaCommand.class,
                    leaf("add", PersonaCommand.Add.class),
                    leaf("show", PersonaCommand.Show.class),
                    leaf("list", PersonaCommand.ListPersonas.class),
                    leaf("history", PersonaCommand.History.class),
                    leaf("render", PersonaCommand.Render.class)),
            group(
                    "hook",
                    HookCommand.class,
                    leaf("pre-tool-use", HookCommand.PreToolUse.class),
                    leaf("stop", HookCommand.Stop.class)),
            leaf("attach", ExternalCommands.Attach.class),
            leaf("peek", ExternalCommands.Peek.class),
            leaf("send", ExternalCommands.Send.class),
            leaf("stop", ExternalCommands.Stop.class),
            group(
                    "worktree",
                    WorktreeCommand.class,
                    leaf("list", WorktreeCommand.ListWorktrees.class),
                    leaf("diff", WorktreeCommand.Diff.class),
                    leaf("merge", WorktreeCommand.Merge.class),
                    leaf("remove", WorktreeCommand.Remove.class)),
            leaf("conflicts", ConflictsCommand.class),
            group(
                    "fleet",
                    FleetCommand.class,
                    leaf("export", FleetCommand.Export.class),
                    leaf("import", FleetCommand.Import.class)),
            leaf("events", EventsCommand.class),
            leaf("stats", StatsCommand.class),
            group(
                    "permission",
                    PermissionCommand.class,
                    leaf("list", PermissionCommand.ListRules.class),
                    leaf("revoke", PermissionCommand.Revoke.class),
                    leaf("log", PermissionCommand.Log.class),
                    leaf("reply", PermissionCommand.Reply.class),
                    leaf("explain", PermissionExplainCommand.class)),
            leaf("models", ModelsCommand.class),
            leaf("keys", KeysCommand.class),
            group(
                    "skills",
                    SkillsCommand.class,
                    leaf("list", SkillsListCommand.class),
                    leaf("show", SkillsShowCommand.class)),
            group(
                    "lsp",
                    LspCommand.class,
                    leaf("status", LspStatusCommand.class),
                    leaf("diagnostics", LspDiagnosticsCommand.class),
                    leaf("restart", LspRestartCommand.class)),
            group(
                    "config",
                    ConfigCommand.class,
                    leaf("show", ConfigShowCommand.class),
                    leaf("validate", ConfigValidateCommand.class)),
            leaf("doctor", DoctorCommand.class),
            group(
                    "store",
                    StoreCommand.class,
                    leaf("check", StoreCommand.Check.class),
                    leaf("recover", StoreCommand.Recover.class),
                    leaf("migrate", StoreCommand.Migrate.class)),
            leaf("completion", CompletionCommand.class),
            leaf("__complete", CompleteCommand.class),
            group(
                    "daemon",
                    DaemonCommand.class,
                    leaf("start", DaemonStartCommand.class),
                    leaf("stop", DaemonStopCommand.class),
                    leaf("status", DaemonStatusCommand.class),
                    leaf("run", DaemonRunCommand.class),
                    leaf("logs", DaemonLogsCommand.class)));

    private CommandTree() {}

    private static Node leaf(String name, Class<?> type) {
        return new Node(name, type, List.of());
    }

    private static Node group(String name, Class<?> type, Node... subs) {
        return new Node(name, type, List.of(subs));
    }

    /** Adds every command under {@code root}. */
    static void addAll(CommandLine root) {
        for (Node n : COMMANDS) root.addSubcommand(n.name(), build(n, null));
    }

    /**
     * Adds under {@code root} what {@code args} name: the command at the first position, and inside a
     * group only the subcommand named next. Returns false, adding nothing, when the arguments name no
     * known command before any other option (then the caller builds the full tree).
     */
    static boolean addNamed(CommandLine root, String[] args) {
        int at = commandAt(args, 0);
        Node n = at < 0 ? null : find(COMMANDS, args[at]);
        if (n == null) return false;
        int subAt = commandAt(args, at + 1);
        root.addSubcommand(n.name(), build(n, subAt < 0 ? null : find(n.subs(), args[subAt])));
        return true;
    }

    /**
     * Whether {@code args} hold only the root's own options that open the workbench ({@code --continue},
     * {@code --resume [ID]}, {@code --no-serve}, {@code --debug}, {@code --data-dir DIR}): nothing that
     * could name a subcommand, ask for help or fail as unknown (whose message lists the tree).
     */
    static boolean rootOnly(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--continue", "--no-serve", "--debug" -> {}
                case "--data-dir" -> {
                    if (++i >= args.length) return false;
                }
                case "--resume" -> {
                    // an ID, unless it is a command's name (picocli would then take it as the command)
                    if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        if (find(COMMANDS, args[i + 1]) != null) return false;
                        i++;
                    }
                }
                default -> {
                    if (!a.startsWith("--data-dir=") && !a.startsWith("--resume=")) return false;
                }
            }
        }
        return true;
    }

    /** {@code n}'s command line with all of its subcommands, or only {@code only} when that is one of them. */
    private static CommandLine build(Node n, Node only) {
        CommandLine cl = new CommandLine(n.type());
        // Before the group joins the root, as picocli does for an annotation's subcommands: the root's
        // inherited options then reach the subcommands the same way.
        for (Node sub : n.subs()) if (only == null || sub == only) cl.addSubcommand(sub.name(), sub.type());
        return cl;
    }

    private static Node find(List<Node> nodes, String name) {
        for (Node n : nodes) if (n.name().equals(name)) return n;
        return null;
    }

    /**
     * Index of the next command word from {@code from}, skipping only the global options; -1 at the end
     * or at any other option (such as {@code --help} before the name, whose output must list the siblings).
     */
    static int commandAt(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data-dir")) i++;
            else if (a.equals("--debug") || a.startsWith("--data-dir=")) continue;
            else if (a.startsWith("-")) return -1;
            else return i;
        }
        return -1;
    }
}
