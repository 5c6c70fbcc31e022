package dev.dispatch.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.config.ExternalClis.ExternalCli;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.MessageOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Codex's push channel ({@code prompt: exec} in the CLI catalog): every prompt is one headless run,
 * {@code codex exec --json … -} with the prompt on stdin, and every later one resumes the same Codex
 * session ({@code codex exec … resume THREAD -}). The run happens in the agent's own tmux pane
 * ({@code respawn-pane}), so peek and attach still show it, with its JSON events copied to a file per
 * turn; reading them tells whether Codex took the prompt (accepted: {@code turn.started}), whether the
 * model answered a request carrying it (consumed: the turn's first item) and how the turn ended.
 * Prompts sent while a turn runs wait in order; when the agent is idle, its unread Dispatch messages
 * become its next prompt, as Claude Code's Stop hook hands them over.
 */
final class ExecTurns {
    static final String CHANNEL = "exec";
    static final int MAX_MESSAGES = 20;

    /**
     * The pane's command: runs the CLI with the prompt file on stdin and its stderr kept apart, copies its
     * JSON events to the turn's file and ends that file with the exit status (a line of our own). The
     * prompt is never on a command line, so its size and characters do not matter.
     */
    static final String SCRIPT = "e=$1 p=$2 x=$3; shift 3; { \"$@\" <\"$p\" 2>\"$x\"; s=$?; cat \"$x\" >&2;"
            + " printf '{\"type\":\"dispatch.exit\",\"status\":%d}\\n' \"$s\"; } | tee -a \"$e\"";

    private ExecTurns() {}

    /** Refuses an exec entry whose program is not Codex's {@code codex exec}: its events are what is read. */
    static void require(ExternalCli cli) {
        List<String> c = cli.command();
        boolean codex =
                !c.isEmpty() && Path.of(c.getFirst()).getFileName().toString().equals("codex");
        if (!codex || !c.contains("exec") || !c.contains("--json"))
            throw EngineException.invalid("external_clis." + cli.name() + ": prompt 'exec' is Codex's push channel"
                    + " and needs a command like [codex, exec, --json, …], not " + c
                    + "; use prompt arg, paste or env for another CLI");
    }

    /** The pane's argument vector for turn {@code n}: a fresh session, or a resumed {@code thread}. */
    static List<String> argv(List<String> command, String thread, Path runDir, int n) {
        List<String> argv = new ArrayList<>(List.of(
                "sh",
                "-c",
                SCRIPT,
                "dispatch-turn",
                file(runDir, n, "jsonl").toString(),
                file(runDir, n, "prompt").toString(),
                file(runDir, n, "err").toString()));
        argv.addAll(command);
        if (thread != null) argv.addAll(List.of("resume", thread));
        argv.add("-");
        return argv;
    }

    static Path file(Path runDir, int n, String ext) {
        return runDir.resolve("turns").resolve(String.format("%06d.%s", n, ext));
    }

    /** What the pane runs before the first prompt (it exits at once: the agent waits for one). */
    static List<String> idle(String name) {
        return List.of(
                "sh",
                "-c",
                "printf '%s\\n' \"$1\"",
                "sh",
                "[dispatch] " + name + " waits for a prompt: dispatch send " + name + " TEXT");
    }

    /** Queues {@code text} as the agent's next prompt and starts it when no turn runs; returns that turn. */
    static ExternalRecord.Turn submit(Fleet fleet, String name, String text, String source) {
        int[] number = {0};
        fleet.records.update(name, r -> {
            int n = r.turns().isEmpty() ? 1 : r.turns().getLast().number() + 1;
            writePrompt(r.runDir(), n, text);
            List<ExternalRecord.Turn> turns = new ArrayList<>(r.turns());
            turns.add(new ExternalRecord.Turn(n, source, "queued", fleet.clock.get(), null, null, null, null));
            number[0] = n;
            return r.withTurns(r.thread(), turns);
        });
        ExternalRecord r = pump(fleet, name).orElseThrow();
        return turn(r, number[0]);
    }

    static ExternalRecord.Turn turn(ExternalRecord r, int n) {
        for (ExternalRecord.Turn t : r.turns()) if (t.number() == n) return t;
        throw EngineException.notFound("agent " + r.name() + " has no turn " + n);
    }

    /**
     * Brings the agent's turns up to date with their event files and starts the oldest queued prompt when
     * no turn runs (and the session is there). Returns the record as it is now.
     */
    static Optional<ExternalRecord> pump(Fleet fleet, String name) {
        ExternalRecord[] now = {null};
        fleet.records.update(name, r -> {
            now[0] = r;
            if (!r.exec() || r.exitedAt() != null) return null;
            Tmux tmux = fleet.tmux(r);
            boolean alive = tmux.alive();
            boolean paneDead = !alive || "1".equals(tmux.display("#{pane_dead}"));
            String thread = r.thread();
            List<ExternalRecord.Turn> turns = new ArrayList<>();
            boolean running = false;
            for (ExternalRecord.Turn t : r.turns()) {
                if ("running".equals(t.state())) {
                    Reading e = read(r.runDir(), t.number());
                    if (thread == null && e.thread != null) thread = e.thread;
                    t = e.apply(t, paneDead, fleet.clock.get());
                    running |= "running".equals(t.state());
                }
                turns.add(t);
            }
            if (!running && alive) {
                for (int i = 0; i < turns.size(); i++) {
                    ExternalRecord.Turn t = turns.get(i);
                    if (!"queued".equals(t.state())) continue;
                    turns.set(i, start(fleet, r, tmux, thread, t));
                    break;
                }
            }
            ExternalRecord next = r.withTurns(thread, turns);
            if (next.equals(r)) return null;
            now[0] = next;
            return next;
        });
        return Optional.ofNullable(now[0]);
    }

    /** Runs turn {@code t} in the agent's pane (which its previous run left dead). */
    private static ExternalRecord.Turn start(
            Fleet fleet, ExternalRecord r, Tmux tmux, String thread, ExternalRecord.Turn t) {
        List<String> args = new ArrayList<>(List.of("respawn-pane", "-k", "-t", tmux.target(), "-c", r.directory()));
        args.addAll(argv(r.command(), thread, r.runDir(), t.number()));
        Tmux.Result res = tmux.run(args.toArray(String[]::new));
        if (!res.ok())
            return t.with("failed", null, null, fleet.clock.get(), "tmux could not start it: " + Tmux.firstLine(res));
        return t.with("running", null, null, null, thread == null ? "a new Codex session" : "resuming " + thread);
    }

    /**
     * Pushes the agent's unread Dispatch messages as its next prompt when it is idle (no turn queued or
     * running); they are marked read. Returns whether a turn was queued.
     */
    static boolean pushMessages(Fleet fleet, ExternalRecord r) {
        if (!r.exec() || r.exitedAt() != null) return false;
        for (ExternalRecord.Turn t : r.turns())
            if ("queued".equals(t.state()) || "running".equals(t.state())) return false;
        MessageOps.InboxResult inbox = fleet.coord.submit(
                new MessageOps.ReadInbox(r.space(), r.name(), 0, true, MAX_MESSAGES, MessageOps.ReadMark.mark));
        if (inbox.messages().isEmpty()) return false;
        StringBuilder text = new StringBuilder("New Dispatch messages for you (already marked read):");
        for (var m : inbox.messages())
            text.append("\n- from ")
                    .append(m.message().from())
                    .append(": ")
                    .append(m.message().text());
        submit(fleet, r.name(), text.toString(), "messages");
        return true;
    }

    private static void writePrompt(Path runDir, int n, String text) {
        Path f = file(runDir, n, "prompt");
        try {
            Files.createDirectories(f.getParent());
            Files.setPosixFilePermissions(f.getParent(), PosixFilePermissions.fromString("rwx------"));
            Files.writeString(f, text);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot write the prompt " + f + ": " + e.getMessage(), e);
        }
    }

    /** What one turn's event file says so far. */
    record Reading(
            String thread,
            boolean started,
            boolean answered,
            boolean completed,
            String error,
            Integer exit,
            String stderr) {
        /** Turn {@code t} as these events (and a dead pane without an exit line: interrupted) make it. */
        ExternalRecord.Turn apply(ExternalRecord.Turn t, boolean paneDead, Instant now) {
            Instant accepted = t.acceptedAt() != null ? t.acceptedAt() : started ? now : null;
            Instant consumed = t.consumedAt() != null ? t.consumedAt() : answered ? now : null;
            if (completed && exit != null) return t.with("completed", accepted, consumed, now, "turn completed");
            if (exit != null) {
                String why = error != null ? error : stderr != null ? stderr : "codex exited with status " + exit;
                return t.with("failed", accepted, consumed, now, why);
            }
            if (paneDead)
                return t.with("failed", accepted, consumed, now, "interrupted: the run ended without an exit status");
            return t.with("running", accepted, consumed, null, t.detail());
        }
    }

    static Reading read(Path runDir, int n) {
        String thread = null, error = null, stderr = null;
        boolean started = false, answered = false, completed = false;
        Integer exit = null;
        Path f = file(runDir, n, "jsonl");
        List<String> lines;
        try {
            lines = Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            lines = List.of();
        }
        for (String line : lines) {
            JsonNode j;
            try {
                j = Json.mapper().readTree(line);
            } catch (IOException e) {
                continue; // not an event (a line cut off mid-write is read whole next time)
            }
            if (j == null || !j.isObject()) continue;
            switch (j.path("type").asText()) {
                case "thread.started" -> thread = j.path("thread_id").asText(null);
                case "turn.started" -> started = true;
                case "item.started", "item.completed" -> {
                    if (!"error".equals(j.path("item").path("type").asText())) answered = true;
                }
                case "turn.completed" -> completed = true;
                case "turn.failed" -> error = j.path("error").path("message").asText("the turn failed");
                case "error" -> error = j.path("message").asText("error");
                case "dispatch.exit" -> exit = j.path("status").asInt();
                default -> {}
            }
        }
        if (exit != null && !completed) {
            try {
                Path err = file(runDir, n, "err");
                if (Files.exists(err)) {
                    String last = PaneStates.lastLine(Files.readString(err, StandardCharsets.UTF_8));
                    stderr = last.isBlank() ? null : last.strip();
                }
            } catch (IOException e) {
                // the exit status alone says it failed
            }
        }
        return new Reading(thread, started, answered, completed, error, exit, stderr);
    }
}
