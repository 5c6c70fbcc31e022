package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No command may fail because another Dispatch process owns the data dir (ARCHITECTURE.md §1, one
 * door). Walks the whole command tree: every command is either read-only, and then runs here against
 * a running daemon, or listed as one that changes state or holds the terminal (covered by its own
 * tests). A new command must be put in one list or the other.
 */
class BesideAnOwnerTest {
    /** Read-only invocations, by command path; each must work while a daemon owns the store. */
    static final Map<String, List<String>> READ_ONLY = new LinkedHashMap<>();

    static {
        READ_ONLY.put("agent list", List.of("agent", "list"));
        READ_ONLY.put("agent show", List.of("agent", "show", "nobody", "--space", "s"));
        READ_ONLY.put("agent tree", List.of("agent", "tree", "--space", "s"));
        READ_ONLY.put("task list", List.of("task", "list", "--space", "s"));
        READ_ONLY.put("task show", List.of("task", "show", "task_missing", "--space", "s"));
        READ_ONLY.put("task ready", List.of("task", "ready", "--space", "s"));
        READ_ONLY.put("task explain", List.of("task", "explain", "task_missing", "--space", "s"));
        READ_ONLY.put("lock list", List.of("lock", "list", "--space", "s"));
        READ_ONLY.put("msg inbox", List.of("msg", "inbox", "nobody", "--space", "s"));
        READ_ONLY.put("kb read", List.of("kb", "read", "nothing", "--space", "s"));
        READ_ONLY.put("kb list", List.of("kb", "list", "--space", "s"));
        READ_ONLY.put("kb search", List.of("kb", "search", "anything", "--space", "s"));
        READ_ONLY.put("sessions list", List.of("sessions", "list", "--all"));
        READ_ONLY.put("sessions show", List.of("sessions", "show", "ses_missing"));
        READ_ONLY.put("sessions search", List.of("sessions", "search", "anything"));
        READ_ONLY.put("sessions export", List.of("sessions", "export", "ses_missing", "--format", "json"));
        READ_ONLY.put("sessions cost", List.of("sessions", "cost", "ses_missing"));
        READ_ONLY.put("sessions diff", List.of("sessions", "diff", "ses_missing"));
        READ_ONLY.put("approval list", List.of("approval", "list", "--space", "s"));
        READ_ONLY.put("peek", List.of("peek", "nobody"));
        READ_ONLY.put("conflicts", List.of("conflicts", "--space", "s"));
        READ_ONLY.put("fleet export", List.of("fleet", "export", "--space", "s"));
        READ_ONLY.put("persona list", List.of("persona", "list"));
        READ_ONLY.put("persona show", List.of("persona", "show", "nobody"));
        READ_ONLY.put("persona history", List.of("persona", "history", "nobody"));
        READ_ONLY.put("persona render", List.of("persona", "render", "--agent", "w1", "--space", "s", "go"));
        READ_ONLY.put("events", List.of("events", "--space", "s"));
        READ_ONLY.put("stats", List.of("stats", "--space", "s"));
        READ_ONLY.put("permission list", List.of("permission", "list"));
        READ_ONLY.put("permission log", List.of("permission", "log"));
        READ_ONLY.put("permission explain", List.of("permission", "explain", "ls -la"));
        READ_ONLY.put("models", List.of("models"));
        READ_ONLY.put("keys", List.of("keys"));
        READ_ONLY.put("skills list", List.of("skills", "list"));
        READ_ONLY.put("mcp list", List.of("mcp", "list"));
        READ_ONLY.put("skills show", List.of("skills", "show", "no-such-skill"));
        READ_ONLY.put("lsp status", List.of("lsp", "status"));
        READ_ONLY.put("lsp diagnostics", List.of("lsp", "diagnostics"));
        READ_ONLY.put("config show", List.of("config", "show"));
        READ_ONLY.put("config validate", List.of("config", "validate"));
        READ_ONLY.put("doctor", List.of("doctor"));
        READ_ONLY.put("completion", List.of("completion", "bash"));
        READ_ONLY.put("daemon status", List.of("daemon", "status"));
        READ_ONLY.put("daemon logs", List.of("daemon", "logs"));
        READ_ONLY.put("__complete", List.of("__complete", "models")); // hidden: the completion scripts' helper
    }

    /** Commands that change state, start an owner or hold the terminal: their own tests cover them. */
    static final Set<String> OTHERS = Set.of(
            "run",
            "chat",
            "agent register",
            "agent status",
            "agent heartbeat",
            "agent drain",
            "agent undrain",
            "agent remove",
            "agent send", // AgentSendTest: from a second shell to an agent running in a daemon
            "agent answer", // HeadlessTreeTest answers a question beside a daemon
            "task add",
            "task next",
            "task claim",
            "task progress",
            "task complete",
            "task fail",
            "task cancel",
            "task retry",
            "lock acquire",
            "lock renew",
            "lock release",
            "msg send",
            "msg ack",
            "kb write",
            // beside a daemon in SessionsCommandTest
            "sessions rename",
            "sessions delete",
            "sessions fork",
            // beside a daemon in SessionControlTest (the ops) and SessionsControlCommandTest (the commands)
            "sessions compact",
            "sessions undo",
            "agent model",
            "agent interrupt", // WorkbenchInterruptTmuxTest interrupts beside a daemon (and AgentInterruptCommandTest)
            "approval request",
            "approval decide",
            "permission revoke",
            "mcp trust", // McpListCommandTest trusts beside a daemon
            "lsp restart", // LspBesideTheDaemonTest restarts the daemon's server from a second shell
            "permission reply",
            // external agents and worktrees (ExternalAgentsTest, FleetFileTest run them beside a daemon;
            // the worktree reads need a git repository, which this test's project is not)
            "spawn",
            "attach",
            "send",
            "stop",
            "worktree list",
            "worktree diff",
            "worktree merge",
            "worktree remove",
            "fleet import",
            "persona add", // PersonasTest adds beside a daemon and in-process
            "hook pre-tool-use", // ClaudeCodeAgentTest: Claude Code runs them beside the daemon
            "hook stop",
            "daemon start",
            "daemon stop",
            "mcp serve", // McpClientsTest.stdioThroughARunningOwner
            "mcp install", // McpInstallCommandTest.installsBesideARunningOwner
            "daemon run",
            // need the file itself, not an engine: they refuse beside an owner by design, naming it
            "store check",
            "store recover",
            "store migrate");

    @Test
    void everyCommandIsClassified() {
        Set<String> unclassified = new TreeSet<>();
        for (String path : paths()) {
            if (!READ_ONLY.containsKey(path) && !OTHERS.contains(path)) unclassified.add(path);
        }
        assertThat(unclassified).as("commands in neither list").isEmpty();
    }

    @Test
    void everyReadOnlyCommandWorksWhileADaemonOwnsTheStore() throws Exception {
        Path home = ScriptedHome.create("bo-");
        Path project = Files.createDirectories(home.resolve("project"));
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Daemon daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        try {
            var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
            List<String> failures = new ArrayList<>();
            READ_ONLY.forEach((path, args) -> {
                var r = Environment.with(env, () -> CliHarness.run(args.toArray(String[]::new)));
                // 0 ok, 3 not found (the ids above do not exist), 5 nothing to do: never an error or "in use"
                boolean ok = (r.exitCode() == 0 || r.exitCode() == 3 || r.exitCode() == 5)
                        && !r.err().contains("in use");
                if (!ok)
                    failures.add(
                            path + " → exit " + r.exitCode() + ": " + r.err().strip());
            });
            assertThat(failures).isEmpty();
        } finally {
            daemon.stop();
            daemon.awaitStopped();
            ScriptedHome.delete(home);
        }
    }

    private static List<String> paths() {
        List<String> out = new ArrayList<>();
        for (CommandTree.Node n : CommandTree.COMMANDS) {
            if (n.subs().isEmpty()) out.add(n.name());
            for (CommandTree.Node s : n.subs()) out.add(n.name() + " " + s.name());
        }
        return out;
    }

    /** The waiting agent lives in the owner: {@code permission reply} from another shell must reach it there. */
    @Test
    void permissionReplyFromAnotherShellResumesAnAgentTheDaemonHosts() throws Exception {
        Path home = ScriptedHome.create("bp-");
        Path project = Files.createDirectories(home.resolve("project"));
        Path outside = Files.createDirectories(home.resolve("outside"));
        Files.writeString(outside.resolve("note.txt"), "from outside\n");
        try (var server = dev.dispatch.provider.ScriptedModelServer.start()) {
            server.replyToolCalls(dev.dispatch.provider.ScriptedModelServer.call(
                            "c1", "read_file", "{\"path\":\"" + outside.resolve("note.txt") + "\"}"))
                    .replyText("Read it.");
            ScriptedHome.configure(home, server);
            Map<String, String> vars = Map.of("DISPATCH_HOME", home.toString());
            Dirs dirs = Dirs.resolve(vars);
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            try (var engine = dev.dispatch.client.Daemons.find(dirs, vars).orElseThrow()) {
                var events = new java.util.concurrent.LinkedBlockingQueue<dev.dispatch.protocol.Event>();
                try (var sub = engine.subscribe(dev.dispatch.protocol.EventFilter.all(), events::add)) {
                    var started = engine.submit(new dev.dispatch.protocol.SessionOps.StartAgent(
                            "read the note", project.toString(), null, "ask", null, null, null, null, null));
                    String request = null;
                    while (request == null) {
                        var e = events.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                        assertThat(e).as("a permission request").isNotNull();
                        if (e instanceof dev.dispatch.protocol.RuntimeEvents.PermissionRequested p)
                            request = p.requestId();
                    }
                    var env = new Environment.Snapshot(vars, project);
                    String id = request;
                    var r = Environment.with(env, () -> CliHarness.run("permission", "reply", id, "once"));
                    assertThat(r.exitCode()).as(r.err()).isZero();
                    dev.dispatch.protocol.RuntimeEvents.AgentFinished finished = null;
                    while (finished == null) {
                        var e = events.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                        assertThat(e).as("the agent's end").isNotNull();
                        if (e instanceof dev.dispatch.protocol.RuntimeEvents.AgentFinished f
                                && f.agentId().equals(started.agentId())) finished = f;
                    }
                    assertThat(finished.status()).isEqualTo(dev.dispatch.protocol.AgentStatus.DONE);
                    assertThat(server.requests().get(1).body()).contains("from outside");
                }
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }
}
