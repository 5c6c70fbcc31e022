package dev.dispatch.fleet;

import dev.dispatch.config.ExternalClis.ExternalCli;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.FleetOps.SpawnExternalAgent;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.protocol.WorktreeOps;
import dev.dispatch.worktree.AgentName;
import dev.dispatch.worktree.Worktrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts one external agent: registers it (its own token), optionally gives it a worktree and claims
 * its task, then starts its CLI in a detached tmux session on its own socket with the token, the
 * owner's address and an MCP config in its environment. A step that fails undoes the ones before it.
 */
final class Spawner {
    private final Fleet fleet;

    Spawner(Fleet fleet) {
        this.fleet = fleet;
    }

    ExternalRecord spawn(SpawnExternalAgent p) {
        String name = AgentName.require(p.name());
        if (p.space() == null || p.space().isBlank()) throw EngineException.invalid("space is empty; give --space");
        if (p.cli() == null || p.cli().isBlank())
            throw EngineException.invalid("--cli is empty; give claude, codex, aider, shell or a command line");
        if (p.cli().indexOf('\0') >= 0 || p.cli().indexOf('\n') >= 0 || p.cli().indexOf('\r') >= 0)
            throw EngineException.invalid("--cli must be one line without NUL characters");
        if (p.prompt() != null && p.prompt().indexOf('\0') >= 0)
            throw EngineException.invalid("the prompt contains a NUL character");
        Path project = directory(p.project());
        ExternalCli cli = fleet.catalog(project).get(p.cli());
        requireProgram(cli == null ? firstWord(p.cli()) : cli.command().getFirst(), p.cli(), project);
        boolean exec = cli != null && ExecTurns.CHANNEL.equals(cli.prompt());
        if (exec) ExecTurns.require(cli);
        fleet.records.find(name).ifPresent(old -> {
            if (fleet.tmux(old).alive())
                throw EngineException.conflict("external agent '" + name + "' is already running (tmux session "
                        + old.session() + "); stop it first with 'dispatch stop " + name + "'");
        });
        Path runDir = runtimeDir(name);
        Path socket = runDir.resolve("tmux.sock");
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 100)
            throw EngineException.invalid(
                    "the tmux socket path " + socket + " is too long for a Unix socket; use a shorter"
                            + " runtime dir (XDG_RUNTIME_DIR or DISPATCH_HOME)");
        String taskTitle = null;
        if (p.taskId() != null) // not found → error now
        taskTitle = fleet.coord
                .submit(new TaskOps.ShowTask(p.space(), p.taskId()))
                .task()
                .title();
        // the persona resolves (or fails) before anything is created; the ignition prompt replaces PROMPT
        dev.dispatch.protocol.PersonaOps.Persona persona =
                p.persona() == null ? null : fleet.personas.resolve(p.persona());
        String prompt = persona == null
                ? p.prompt()
                : fleet.ignition(name, p.space(), persona, p.taskId(), taskTitle, p.prompt());
        fleet.records.find(name).ifPresent(old -> forgetExited(old, p.space()));
        AgentOps.RegisterResult reg = fleet.coord.submit(new AgentOps.RegisterAgent(
                p.space(),
                name,
                List.of("external"),
                "external:" + (cli != null ? cli.name() : "command"),
                null,
                null,
                null));
        List<Runnable> undo = new ArrayList<>();
        undo.add(() -> fleet.coord.submit(new AgentOps.RemoveAgent(p.space(), name)));
        try {
            Path dir = project;
            WorktreeOps.WorktreeView wt = null;
            if (p.worktree()) {
                wt = Worktrees.create(project.toString(), name);
                dir = Path.of(wt.path());
                String wtPath = wt.path();
                undo.add(0, () -> Worktrees.remove(new WorktreeOps.RemoveWorktree(wtPath, name, true)));
            }
            Map<String, String> env = environment(p, name, reg.token(), runDir, prompt);
            if (persona != null) env.put("DISPATCH_PERSONA", persona.name() + "@" + persona.version());
            if (p.taskId() != null) {
                TaskOps.ClaimResult c = fleet.coord.submit(new TaskOps.ClaimTask(p.space(), p.taskId(), name));
                env.put("DISPATCH_TASK", p.taskId());
                env.put("DISPATCH_LEASE", c.lease());
                undo.add(
                        0,
                        () -> fleet.coord.submit(new TaskOps.FailTask(
                                p.space(),
                                p.taskId(),
                                c.lease(),
                                "external agent " + name + " did not start",
                                TaskOps.Retry.ALLOWED)));
            }
            ClaudeHooks.write(runDir);
            List<String> argv = argv(cli, p.cli(), prompt, runDir, name);
            Path conf = runDir.resolve("tmux.conf");
            Files.writeString(conf, "set -g remain-on-exit on\nset -g history-limit 10000\nset -g status off\n");
            Tmux tmux = new Tmux(socket, Fleet.session(name));
            tmux.kill(); // a server left from an earlier run of this name must not receive the new session
            // the exec channel runs each prompt as its own run in the pane; until the first, a line says so
            tmux.start(conf, dir, env, exec ? ExecTurns.idle(name) : argv);
            ExternalRecord r = new ExternalRecord(
                    p.space(),
                    name,
                    cli != null ? cli.name() : p.cli(),
                    argv,
                    project.toString(),
                    dir.toString(),
                    wt != null ? wt.path() : null,
                    wt != null ? wt.branch() : null,
                    wt != null ? wt.base() : null,
                    p.taskId(),
                    p.prompt(),
                    socket.toString(),
                    tmux.session(),
                    fleet.clock.get(),
                    null,
                    persona == null ? null : persona.name() + "@" + persona.version(),
                    List.of(),
                    exec ? ExecTurns.CHANNEL : null,
                    null,
                    List.of());
            fleet.records.save(r);
            if (exec && prompt != null && !prompt.isEmpty()) ExecTurns.submit(fleet, name, prompt, "spawn");
            if (cli != null && "paste".equals(cli.prompt()) && prompt != null && !prompt.isEmpty())
                fleet.deliver(tmux, prompt, 5_000);
            return r;
        } catch (IOException | RuntimeException e) {
            for (Runnable u : undo) {
                try {
                    u.run();
                } catch (RuntimeException ignored) {
                    // undo is best effort; the first failure is what the user must see
                }
            }
            if (e instanceof RuntimeException re) throw re;
            throw new EngineException(ErrorCode.INTERNAL, "cannot prepare " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** An agent of the same name that exited before: its registration goes (refused while it still holds tasks). */
    private void forgetExited(ExternalRecord old, String space) {
        try {
            fleet.coord.submit(new AgentOps.RemoveAgent(old.space(), old.name()));
        } catch (EngineException e) {
            if (e.code() != ErrorCode.NOT_FOUND)
                throw EngineException.conflict(
                        "external agent '" + old.name() + "' exited but is still registered: " + e.getMessage());
        }
        fleet.records.delete(old.name());
    }

    private Map<String, String> environment(
            SpawnExternalAgent p, String name, String token, Path runDir, String prompt) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISPATCH_AGENT_TOKEN", token);
        env.put("DISPATCH_AGENT", name);
        env.put("DISPATCH_SPACE", p.space());
        env.put("DISPATCH_URL", url());
        String home = fleet.env.get("DISPATCH_HOME");
        if (home != null && !home.isBlank()) env.put("DISPATCH_HOME", home);
        env.put("DISPATCH_MCP_CONFIG", McpConfig.write(runDir).toString());
        if (prompt != null) env.put("DISPATCH_PROMPT", prompt);
        return env;
    }

    /** The owner's address: its loopback HTTP port when it has one, else its Unix socket. */
    private String url() {
        DaemonInfo info = DaemonInfo.read(fleet.dirs.runtime());
        if (info != null && info.port() > 0) return "http://127.0.0.1:" + info.port();
        String socket = info != null && info.socket() != null
                ? info.socket()
                : fleet.dirs.socket().toString();
        return "unix:" + socket;
    }

    /**
     * Refuses, before anything is created, a CLI whose program is not there: a tmux session that exits at
     * once would otherwise be registered as an agent. A command line whose first word is shell syntax (an
     * assignment, a quote, a subshell) is left to the shell.
     */
    private void requireProgram(String program, String asked, Path project) {
        if (program == null || program.isEmpty() || program.contains("=") || !program.matches("[A-Za-z0-9._/+-]+"))
            return;
        boolean found;
        if (program.contains("/")) {
            found = Files.isExecutable(project.resolve(program));
        } else {
            found = false;
            for (String dir : fleet.env.getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    found = true;
                    break;
                }
            }
        }
        if (!found)
            throw EngineException.invalid("--cli '" + asked + "': no program '" + program + "' "
                    + (program.contains("/") ? "is executable there" : "on the owner's PATH")
                    + "; install it, give its full path, or use one of claude, codex, aider, shell");
    }

    private static String firstWord(String commandLine) {
        String t = commandLine.strip();
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }

    /** The argument vector tmux runs: the catalog's command with its placeholders, or {@code sh -c COMMAND}. */
    private static List<String> argv(ExternalCli cli, String command, String prompt, Path runDir, String name) {
        List<String> argv = new ArrayList<>();
        if (cli == null) {
            argv.addAll(List.of("sh", "-c", command));
            return argv;
        }
        String hooks = runDir.resolve(ClaudeHooks.FILE).toString();
        boolean placed = false;
        for (String a : cli.command()) {
            placed |= a.contains("{hook_settings}");
            argv.add(a.replace("{mcp_config}", runDir.resolve(McpConfig.FILE).toString())
                    .replace("{hook_settings}", hooks)
                    .replace("{name}", name));
        }
        // Claude Code gets the reservation hook through --settings (a file in the runtime dir): nothing is
        // written into the repository, the worktree or the user's own ~/.claude settings
        if (!placed && ClaudeHooks.isClaude(argv.getFirst())) argv.addAll(1, List.of("--settings", hooks));
        if ("arg".equals(cli.prompt()) && prompt != null && !prompt.isEmpty()) {
            // Claude Code's --mcp-config and --allowedTools take several values: '--' keeps the prompt apart
            if (ClaudeHooks.isClaude(argv.getFirst())) argv.add("--");
            argv.add(prompt);
        }
        // with a single word tmux would hand the command to a shell: 'env' makes it an argument vector
        if (argv.size() == 1) argv.add(0, "env");
        return argv;
    }

    private Path runtimeDir(String name) {
        Path dir = fleet.dirs.runtime().resolve("fleet").resolve(name);
        try {
            Files.createDirectories(dir);
            for (Path d = dir; !d.equals(fleet.dirs.runtime()); d = d.getParent())
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    static Path directory(String project) {
        if (project == null || project.isBlank()) throw EngineException.invalid("project directory is empty");
        Path p = Path.of(project);
        if (!p.isAbsolute() || !Files.isDirectory(p))
            throw EngineException.invalid("project directory '" + project + "' is not an existing absolute directory");
        return p.normalize();
    }
}
