package dev.dispatch.fleet;

import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.ExternalClis;
import dev.dispatch.config.ExternalClis.ExternalCli;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.FleetOps;
import dev.dispatch.protocol.FleetOps.AttachExternalAgent;
import dev.dispatch.protocol.FleetOps.AttachTarget;
import dev.dispatch.protocol.FleetOps.ConflictList;
import dev.dispatch.protocol.FleetOps.ExportFleet;
import dev.dispatch.protocol.FleetOps.ExternalAgent;
import dev.dispatch.protocol.FleetOps.ExternalList;
import dev.dispatch.protocol.FleetOps.FleetFile;
import dev.dispatch.protocol.FleetOps.ImportFleet;
import dev.dispatch.protocol.FleetOps.ImportResult;
import dev.dispatch.protocol.FleetOps.ListConflicts;
import dev.dispatch.protocol.FleetOps.ListExternalAgents;
import dev.dispatch.protocol.FleetOps.PaneText;
import dev.dispatch.protocol.FleetOps.PeekExternalAgent;
import dev.dispatch.protocol.FleetOps.SendResult;
import dev.dispatch.protocol.FleetOps.SendToExternalAgent;
import dev.dispatch.protocol.FleetOps.SpawnExternalAgent;
import dev.dispatch.protocol.FleetOps.StopExternalAgent;
import dev.dispatch.protocol.FleetOps.StopResult;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.PersonaOps;
import dev.dispatch.worktree.AgentName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * External agents (Claude Code, Codex, aider, a shell, any command) run in tmux as members of a space:
 * spawn, list with their state, peek, send, attach, stop. The store's owner hosts this and supervises
 * ({@link Supervisor}); faces reach it through {@code FleetOps}. Coordination (registration, claims,
 * locks) goes through the engine's own ops, so an external agent is an agent like any other.
 */
public final class Fleet implements AutoCloseable {
    /** The engine's ops, as the composition root hands them over (a method reference to its router). */
    @FunctionalInterface
    public interface Coordinator {
        <R> R submit(Op<R> op);
    }

    final Dirs dirs;
    final Map<String, String> env;
    final Coordinator coord;
    final Consumer<Event> events;
    final Supplier<Instant> clock;
    final Records records;
    final Personas personas;
    final Edits edits = new Edits();
    private Supervisor supervisor;

    public Fleet(Dirs dirs, Map<String, String> env, Coordinator coord, Consumer<Event> events) {
        this(dirs, env, coord, events, Instant::now);
    }

    Fleet(Dirs dirs, Map<String, String> env, Coordinator coord, Consumer<Event> events, Supplier<Instant> clock) {
        this.dirs = dirs;
        this.env = Map.copyOf(env);
        this.coord = coord;
        this.events = events;
        this.clock = clock;
        this.records = new Records(dirs.data().resolve("fleet"));
        this.personas = new Personas(dirs.data().resolve("fleet").resolve("personas"), clock);
    }

    /** Starts supervision (only the store's owner does): exits and overlap conflicts become events. */
    public synchronized void supervise() {
        if (supervisor == null) supervisor = Supervisor.start(this);
    }

    public ExternalAgent spawn(SpawnExternalAgent p) {
        return view(new Spawner(this).spawn(p));
    }

    public ExternalList list(ListExternalAgents p) {
        List<ExternalAgent> out = new ArrayList<>();
        for (ExternalRecord r : records.all())
            if (p.space() == null || p.space().equals(r.space())) out.add(view(r));
        return new ExternalList(out);
    }

    public PaneText peek(PeekExternalAgent p) {
        ExternalRecord r = require(p.space(), p.name());
        int lines = p.lines() == null ? 40 : p.lines();
        if (lines < 1 || lines > 10_000)
            throw EngineException.invalid("--lines " + lines + " is out of range; use 1-10000");
        String text = tmux(r).capture(lines);
        if (text == null)
            throw EngineException.conflict("external agent '" + r.name() + "' has exited: its tmux session is gone");
        return new PaneText(r.name(), view(r).state(), text);
    }

    public SendResult send(SendToExternalAgent p) {
        ExternalRecord r = require(p.space(), p.name());
        if (p.text() == null || p.text().isEmpty()) throw EngineException.invalid("the text to send is empty");
        if (p.text().indexOf('\0') >= 0) throw EngineException.invalid("the text to send contains a NUL character");
        if (r.exec()) return sendExec(r, p.text());
        Tmux tmux = tmux(r);
        if (!tmux.alive() || "1".equals(tmux.display("#{pane_dead}")))
            throw EngineException.conflict("external agent '" + r.name() + "' has exited; nothing was sent");
        boolean delivered = deliver(tmux, p.text(), 3_000);
        return new SendResult(
                r.name(),
                delivered,
                delivered
                        ? "pasted and entered; the pane changed"
                        : "pasted and entered, but the pane did not change within 3 s",
                "tmux",
                null,
                delivered ? "pasted" : "not confirmed");
    }

    /** Longest wait of a send for the CLI to accept a prompt it started (Codex starts its MCP servers first). */
    static final long ACCEPT_WAIT_MS = 30_000;

    /** The exec channel: the prompt runs now when the agent is idle (waiting until accepted), else queues. */
    private SendResult sendExec(ExternalRecord r, String text) {
        if (r.exitedAt() != null || !tmux(r).alive())
            throw EngineException.conflict("external agent '" + r.name() + "' has exited; nothing was sent");
        ExternalRecord.Turn t = ExecTurns.submit(this, r.name(), text, "send");
        int n = t.number();
        long end = System.nanoTime() + ACCEPT_WAIT_MS * 1_000_000;
        while ("running".equals(t.state()) && t.acceptedAt() == null && System.nanoTime() < end) {
            sleep(200);
            ExternalRecord.Turn last = t;
            t = ExecTurns.pump(this, r.name()).map(x -> ExecTurns.turn(x, n)).orElse(last);
        }
        return sendResult(r.name(), t);
    }

    private static SendResult sendResult(String name, ExternalRecord.Turn t) {
        String detail =
                switch (t.state()) {
                    case "queued" -> "queued as turn " + t.number() + "; it starts when the running turn ends";
                    case "failed" -> "turn " + t.number() + " failed: " + t.detail();
                    case "completed" -> "turn " + t.number() + " accepted, consumed and completed";
                    default ->
                        t.acceptedAt() == null
                                ? "turn " + t.number() + " started, but codex did not accept it within "
                                        + ACCEPT_WAIT_MS / 1000 + " s"
                                : "turn " + t.number() + " accepted (" + t.detail() + ")"
                                        + (t.consumedAt() != null ? " and consumed by the model" : "");
                };
        return new SendResult(name, t.acceptedAt() != null, detail, ExecTurns.CHANNEL, t.number(), t.state());
    }

    /** Pastes {@code text}, presses Enter, and waits up to {@code waitMs} for the pane to change. */
    boolean deliver(Tmux tmux, String text, long waitMs) {
        String before = Objects.requireNonNullElse(tmux.capture(200), "");
        if (!tmux.paste(text) || !tmux.keys("Enter")) return false;
        long end = System.nanoTime() + waitMs * 1_000_000;
        while (System.nanoTime() < end) {
            String now = tmux.capture(200);
            if (now != null && !now.equals(before)) return true;
            sleep(50);
        }
        return false;
    }

    public StopResult stop(StopExternalAgent p) {
        ExternalRecord r = require(p.space(), p.name());
        int grace = p.graceSeconds() == null ? 5 : p.graceSeconds();
        if (grace < 0 || grace > 300)
            throw EngineException.invalid("--grace " + grace + " is out of range; use 0-300 seconds");
        Tmux tmux = tmux(r);
        boolean graceful = false;
        if (tmux.alive()) {
            tmux.keys("C-c");
            ExternalCli cli = catalog(Path.of(r.directory())).get(r.cli());
            if (cli != null && !cli.exit().isEmpty()) {
                sleep(200);
                tmux.paste(cli.exit());
                tmux.keys("Enter");
            }
            long end = System.nanoTime() + grace * 1_000_000_000L;
            while (System.nanoTime() < end) {
                if (!tmux.alive() || "1".equals(tmux.display("#{pane_dead}"))) {
                    graceful = true;
                    break;
                }
                sleep(100);
            }
        } else {
            graceful = true;
        }
        tmux.kill();
        records.save(r.exited(clock.get()));
        boolean unregistered;
        String detail;
        try {
            coord.submit(new AgentOps.RemoveAgent(r.space(), r.name()));
            unregistered = true;
            detail = graceful ? "the CLI exited" : "killed after " + grace + " s";
        } catch (EngineException e) {
            unregistered = e.code() == ErrorCode.NOT_FOUND;
            detail = (graceful ? "the CLI exited" : "killed after " + grace + " s") + "; still registered: "
                    + e.getMessage() + " (its leases and locks expire as usual)";
        }
        return new StopResult(r.name(), graceful, unregistered, detail);
    }

    /** Overlap conflicts between the space's agents now (the supervisor raises each as an event once). */
    public ConflictList conflicts(ListConflicts p) {
        if (p.space() == null || p.space().isBlank()) throw EngineException.invalid("space is empty; give --space");
        return new ConflictList(Overlaps.find(this, p.space()));
    }

    public AttachTarget attach(AttachExternalAgent p) {
        ExternalRecord r = require(p.space(), p.name());
        Tmux tmux = tmux(r);
        if (!tmux.alive())
            throw EngineException.conflict("external agent '" + r.name() + "' has exited: its tmux session is gone");
        return new AttachTarget(
                r.name(), r.socket(), r.session(), tmux.command("attach-session", "-t", "=" + r.session()));
    }

    public PersonaOps.AddResult addPersona(PersonaOps.AddPersona p) {
        return personas.add(p);
    }

    public PersonaOps.Persona showPersona(PersonaOps.ShowPersona p) {
        return personas.show(p);
    }

    public PersonaOps.PersonaList listPersonas(PersonaOps.ListPersonas p) {
        return personas.list();
    }

    public PersonaOps.PersonaHistory personaHistory(PersonaOps.ShowPersonaHistory p) {
        return personas.history(p.name());
    }

    /** The ignition prompt spawn would give (what {@code dispatch persona render} prints). */
    public PersonaOps.Rendered render(PersonaOps.RenderPersona p) {
        if (p.space() == null || p.space().isBlank()) throw EngineException.invalid("space is empty; give --space");
        String name = AgentName.require(p.agent());
        PersonaOps.Persona persona = p.persona() == null ? null : personas.resolve(p.persona());
        String title = p.taskId() == null
                ? null
                : coord.submit(new dev.dispatch.protocol.TaskOps.ShowTask(p.space(), p.taskId()))
                        .task()
                        .title();
        return new PersonaOps.Rendered(
                ignition(name, p.space(), persona, p.taskId(), title, p.prompt()),
                persona == null ? null : persona.name(),
                persona == null ? null : persona.version());
    }

    /** The ignition template (the {@code ignition} persona, else the built-in one) rendered for one agent. */
    String ignition(
            String name, String space, PersonaOps.Persona persona, String taskId, String taskTitle, String prompt) {
        String template = personas.load(PersonaOps.IGNITION)
                .map(s -> s.versions().getLast().text())
                .orElse(Ignition.DEFAULT);
        return Ignition.render(
                template,
                Ignition.values(name, space, persona == null ? null : persona.text(), taskId, taskTitle, prompt));
    }

    /** Whether {@code agent} may change a path now ({@link Reservations}). */
    public FleetOps.Reservation reservation(FleetOps.ReservePath p) {
        return Reservations.check(this, p);
    }

    /** An in-process agent's edit outside a worktree, remembered for overlap conflicts ({@link Edits}). */
    public FleetOps.EditedResult edited(FleetOps.ReportEdits p) {
        if (p.space() == null || p.space().isBlank()) throw EngineException.invalid("space is empty; give --space");
        if (p.agent() == null || p.agent().isBlank()) throw EngineException.invalid("agent is empty");
        if (p.path() == null || p.path().isBlank())
            throw EngineException.invalid("path is empty; give the changed file");
        if (p.path().indexOf('\0') >= 0) throw EngineException.invalid("path contains a NUL character");
        Path project = Spawner.directory(p.project());
        Path path;
        try {
            path = Path.of(p.path());
        } catch (java.nio.file.InvalidPathException e) {
            throw EngineException.invalid("path '" + p.path() + "' is not a valid path: " + e.getReason());
        }
        Path abs = (path.isAbsolute() ? path : project.resolve(path)).normalize();
        String rel = abs.startsWith(project) ? project.relativize(abs).toString() : abs.toString();
        if (rel.isEmpty()) throw EngineException.invalid("path '" + p.path() + "' is the project itself, not a file");
        edits.add(p.space(), p.agent(), rel, clock.get());
        List<FleetOps.Conflict> mine = new ArrayList<>();
        for (FleetOps.Conflict c : Overlaps.find(this, p.space()))
            if (c.path().equals(rel) && c.agents().contains(p.agent())) mine.add(c);
        return new FleetOps.EditedResult(rel, mine);
    }

    public FleetFile export(ExportFleet p) {
        return FleetExport.export(this, p);
    }

    public ImportResult importFleet(ImportFleet p) {
        return FleetImport.run(this, p);
    }

    ExternalRecord require(String space, String name) {
        AgentName.require(name);
        ExternalRecord r = records.find(name)
                .orElseThrow(() -> EngineException.notFound("no external agent '" + name
                        + "'; see 'dispatch agent list'" + " or start one with 'dispatch spawn " + name + " --cli …'"));
        if (space != null && !space.equals(r.space()))
            throw EngineException.notFound("external agent '" + name + "' is in space '" + r.space() + "', not '"
                    + space + "'; add --space " + r.space());
        return r;
    }

    ExternalAgent view(ExternalRecord r) {
        String waiting = "";
        ExternalCli cli = catalogOrBuiltIn(r).get(r.cli());
        if (cli != null) waiting = cli.waiting();
        PaneStates.Reading s = r.exec()
                ? PaneStates.readExec(tmux(r), r.turns(), clock.get())
                : PaneStates.read(tmux(r), waiting, activeByHeartbeat(r), clock.get());
        return new ExternalAgent(
                r.space(),
                r.name(),
                r.cli(),
                r.command(),
                r.session(),
                r.socket(),
                r.directory(),
                r.worktree(),
                r.branch(),
                r.base(),
                r.taskId(),
                r.persona(),
                s.state(),
                s.reason(),
                r.startedAt(),
                s.lastActivity(),
                r.nudges().size(),
                r.nudges().isEmpty() ? null : r.nudges().getLast().at(),
                r.exec() ? ExecTurns.CHANNEL : "tmux",
                r.thread(),
                r.turns().stream()
                        .map(t -> new FleetOps.Turn(
                                t.number(),
                                t.source(),
                                t.state(),
                                t.queuedAt(),
                                t.acceptedAt(),
                                t.consumedAt(),
                                t.endedAt(),
                                t.detail()))
                        .toList());
    }

    private boolean activeByHeartbeat(ExternalRecord r) {
        try {
            AgentOps.AgentView a =
                    coord.submit(new AgentOps.ShowAgent(r.space(), r.name())).agent();
            return a.status() == AgentOps.Status.active && "live".equals(a.liveness());
        } catch (EngineException e) {
            return false;
        }
    }

    Tmux tmux(ExternalRecord r) {
        return new Tmux(Path.of(r.socket()), r.session());
    }

    static String session(String name) {
        return "dispatch-" + name;
    }

    /** The CLI catalog as the config in force for {@code project} has it; a broken config is the user's error. */
    Map<String, ExternalCli> catalog(Path project) {
        try {
            Config config = new ConfigLoader(dirs, env, project).load();
            return ExternalClis.from(config);
        } catch (ConfigException e) {
            throw EngineException.invalid("the config does not load, so the CLI catalog is unknown: " + e.getMessage());
        }
    }

    private Map<String, ExternalCli> catalogOrBuiltIn(ExternalRecord r) {
        try {
            return catalog(Path.of(r.directory()));
        } catch (RuntimeException e) {
            return ExternalClis.builtIn();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (supervisor != null) supervisor.close();
        supervisor = null;
    }

    List<ExternalRecord> records() {
        return records.all();
    }
}
