package dev.dispatch.tui;

import dev.dispatch.protocol.AgentEvent;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import dev.dispatch.protocol.SessionOps.InterruptTurn;
import dev.dispatch.protocol.SessionOps.SendInput;
import dev.dispatch.protocol.SessionOps.StartAgent;
import dev.dispatch.protocol.SessionOps.StartAgentResult;
import dev.dispatch.protocol.Subscription;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * {@code dispatch chat}: the line-mode face for plain terminals and screen readers. Plain text only
 * (no cursor movement, no colour needed): prompts with history and slash-command completion, the
 * answer printed as it streams, tool calls as labelled lines, a line typed while the agent works queued
 * until its turn ends ({@code /unqueue} takes it back), permission prompts and detached agents'
 * questions inline (between turns too: one arriving at an idle prompt is announced, Enter asks it). Ctrl+C while
 * an agent works interrupts its turn (the next message continues the conversation), twice within a
 * second leaves; at the prompt it drops the line, twice leaves; Ctrl+D at the prompt leaves.
 */
public final class LineChat {
    /**
     * {@code historyFile} under the state dir; {@code model} null means the configured default;
     * {@code resume} the recorded session to continue (null: a new one); {@code template} (an agent
     * template of dispatch.yaml) null means the default agent.
     */
    public record Options(String cwd, Path historyFile, String model, String resume, String template) {
        public Options(String cwd, Path historyFile, String model) {
            this(cwd, historyFile, model, null, null);
        }
    }

    /** Chat's slash commands, from the one table the workbench uses ({@link SlashCommands#IN_CHAT}). */
    static final List<String> COMMANDS =
            SlashCommands.inChat().stream().map(SlashCommands.Command::name).toList();

    private final Engine engine;
    private final Terminal terminal;
    private final PrintWriter out;
    private final LineReader reader;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ChatPrinter printer;
    private String model;
    private final String template;
    private String agentId;
    private String sessionId;
    private volatile String working;
    private volatile boolean quit;
    private volatile long lastCtrlC;
    private final java.util.Map<String, String> names = new java.util.HashMap<>();
    /** The agents this chat started and their children: the only ones whose prompts it shows. */
    private final java.util.Set<String> family = new java.util.HashSet<>();

    public LineChat(Engine engine, Terminal terminal, Options options) {
        this.engine = engine;
        this.terminal = terminal;
        this.out = terminal.writer();
        this.model = options.model();
        this.template = options.template();
        this.cwd = options.cwd();
        this.resume = options.resume();
        this.reader = reader(terminal, options.historyFile());
        this.printer = new ChatPrinter(out, colour(terminal), terminal.getWidth());
        this.session = new LineSessionCommands(engine, out, options.cwd());
        this.typeAhead =
                Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                        ? null
                        : new TypeAhead(terminal);
    }

    private final LineSessionCommands session;

    /** JLine with chat's paste placeholder, history file and completion of the shared slash commands. */
    private static LineReader reader(Terminal terminal, Path historyFile) {
        try {
            ChatLineReader r = new ChatLineReader(terminal);
            r.setVariable(LineReader.HISTORY_FILE, historyFile);
            r.setCompleter((lr, line, candidates) -> {
                if (line.wordIndex() == 0) COMMANDS.forEach(c -> candidates.add(new org.jline.reader.Candidate(c)));
            });
            return r;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not set up the line editor: " + e.getMessage(), e);
        }
    }
    /** Lines typed while the agent worked, oldest first: each is sent when the turn before it ends. */
    private final java.util.ArrayDeque<String> queued = new java.util.ArrayDeque<>();
    /** Reads lines typed while a turn runs; null on a dumb terminal (a pipe: its lines wait for the prompt). */
    private final TypeAhead typeAhead;

    private final String cwd;
    private final String resume;

    /** Markdown and diffs in colour unless the terminal is dumb or NO_COLOR is set (https://no-color.org). */
    static boolean colour(Terminal t) {
        String noColour = System.getenv("NO_COLOR");
        return (noColour == null || noColour.isEmpty())
                && !Terminal.TYPE_DUMB.equals(t.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(t.getType());
    }

    /** Runs until /quit or end of input; answers the exit code. */
    public int run() {
        terminal.handle(Terminal.Signal.INT, s -> ctrlCWhileWorking());
        try (Subscription sub = engine.subscribe(EventFilter.live(), this::arrived)) {
            boolean opening = !engine.opened().toCompletableFuture().isDone();
            out.println("dispatch chat · " + engine.describe() + " · /help for commands, ctrl+d to leave");
            out.flush();
            // painted before the engine opened ("starting…"): where it lives is said once it is open
            if (opening)
                engine.opened().thenRun(() -> {
                    reader.printAbove("dispatch chat · " + engine.describe());
                    reader.getTerminal().flush();
                });
            if (resume != null) restore();
            StartupTrace.mark("chat prompt");
            while (!quit) {
                waiting(); // what a child asked while no turn was followed
                String line;
                try {
                    line = reader.readLine("you> ");
                } catch (UserInterruptException e) {
                    // at the prompt nothing runs: ctrl+C drops the line typed; twice within a second leaves
                    if (!e.getPartialLine().isEmpty()) continue;
                    if (doublePress()) break;
                    out.println("(ctrl+c again within 1 s to leave; ctrl+d leaves too)");
                    out.flush();
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (reader instanceof ChatLineReader c) line = c.expand(line); // [pasted N lines] → the text
                if (!handle(line)) break;
                // what was typed while the agent worked, one prompt per turn, in order
                for (String next; !quit && (next = queued.poll()) != null; ) {
                    out.println("you> " + next + "    (queued while the agent worked: sent now)");
                    out.flush();
                    if (!handle(next)) {
                        quit = true;
                        break;
                    }
                }
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (java.io.IOException | RuntimeException e) {
                out.println("dispatch: could not save the chat history: " + e.getMessage());
            }
            out.flush();
        }
        return 0;
    }

    /** Runs one line typed at the prompt (or queued): a command, or a message; false when chat should end. */
    private boolean handle(String line) {
        if (line.isBlank()) return true;
        if (line.strip().startsWith("/")) return command(line.strip());
        if (send(line)) follow();
        return true;
    }

    /** Prints a resumed session's conversation; the next message continues it with its full history. */
    private void restore() {
        java.nio.file.Path dir = java.nio.file.Path.of(cwd).getFileName();
        var d = engine.submit(new dev.dispatch.protocol.SessionBrowseOps.ResumeSession(
                dir == null ? "default" : dir.toString(), resume));
        sessionId = d.session().id();
        out.println("resumed session " + sessionId + ": " + d.session().title());
        for (var m : d.messages()) {
            if (m.text() == null || m.content() == null || !m.content().contains("\"type\":\"text\"")) continue;
            out.println(("user".equals(m.role()) ? "you> " : "") + m.text());
        }
        out.flush();
    }

    private boolean command(String line) {
        String[] parts = line.split("\\s+", 2);
        switch (parts[0]) {
            case "/help" -> {
                SlashCommands.chatHelpLines().forEach(out::println);
                out.println("A message typed while the agent works is queued and sent when its turn ends;");
                out.println(
                        "ctrl+c interrupts a working agent, twice leaves. Permission prompts: o = once, s = session,"
                                + " a = always, d = deny.");
            }
            case "/model" -> model = session.model(agentId, model, parts.length > 1 ? parts[1] : null);
            case "/compact" -> session.compact(sessionId);
            case "/cost" -> session.cost(sessionId);
            case "/undo" ->
                session.undo(sessionId, parts.length > 1 && parts[1].strip().equals("force"));
            case "/diff" -> session.diff(sessionId);
            case "/new" -> {
                agentId = null;
                sessionId = null;
                out.println("The next message starts a new agent.");
            }
            case "/unqueue" ->
                out.println("Nothing is queued: a message typed while the agent works waits for its turn's end.");
            case "/quit" -> {
                return false;
            }
            default ->
                out.println(
                        SlashCommands.ALL.containsKey(parts[0])
                                ? parts[0] + " is a workbench command (run dispatch without chat); chat's commands: "
                                        + String.join(" ", COMMANDS)
                                : "Unknown command '" + TextWrap.sanitize(parts[0]) + "'. Commands: "
                                        + String.join(" ", COMMANDS));
        }
        out.flush();
        return true;
    }

    private boolean send(String text) {
        try {
            if (agentId != null) {
                try {
                    engine.submit(new SendInput(agentId, text));
                    return true;
                } catch (EngineException e) {
                    if (e.code() != dev.dispatch.protocol.ErrorCode.NOT_FOUND) throw e;
                    agentId = null; // the agent is gone (its owner restarted): continue its session with a new one
                }
            }
            {
                StartAgentResult r = engine.submit(StartAgent.of(text, cwd)
                        .withModel(model)
                        .withSession(sessionId)
                        .withTemplate(template));
                agentId = r.agentId();
                sessionId = r.sessionId();
                family.add(agentId);
            }
            return true;
        } catch (EngineException e) {
            out.println("dispatch: could not " + (agentId == null ? "start an agent" : "send") + ": " + e.getMessage());
            out.flush();
            return false;
        }
    }

    /**
     * Prints the agent's work as it arrives until its turn is over; answers permission prompts inline.
     * Lines typed meanwhile are queued (see {@link TypeAhead}).
     */
    private void follow() {
        working = agentId;
        try {
            while (true) {
                Event e = events.poll(typeAhead == null ? 200 : 50, TimeUnit.MILLISECONDS);
                if (e == null) {
                    if (typeAhead != null) typeAhead.poll(this::typedWhileWorking);
                    continue;
                }
                if (side(e)) continue;
                printer.remember(e); // a later write prompt shows its diff
                if (!agentId.equals(AgentEvent.agentOf(e))) continue;
                printer.print(e);
                if (turnOver(e)) break;
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } finally {
            printer.endLine();
            working = null;
        }
    }

    /**
     * A line typed while the agent works: the next user turn, sent when this one ends (several keep their
     * order); {@code /unqueue} takes back the newest (all: every one) before it is sent.
     */
    private void typedWhileWorking(String line) {
        String l = line.strip();
        if (l.isEmpty()) return;
        if (l.equals("/unqueue") || l.equals("/unqueue all")) {
            int n = l.endsWith("all") ? queued.size() : Math.min(1, queued.size());
            java.util.List<String> taken = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) taken.add(0, queued.pollLast());
            out.println(
                    taken.isEmpty()
                            ? "[no queued prompt: nothing to take back]"
                            : "[took back (not sent): " + String.join(" · ", taken) + "; " + queued.size()
                                    + " still queued]");
        } else {
            queued.addLast(line);
            out.println(
                    "[queued (" + queued.size() + "): " + l + " — sent when this turn ends; /unqueue takes it back]");
        }
        out.flush();
    }

    /**
     * The tree's events that are not the followed agent's answer: names and family, and what waits for
     * the user (a permission prompt of any agent of this chat's tree, a detached agent's question),
     * asked inline. Answers whether {@code e} was one of them.
     */
    private boolean side(Event e) {
        if (e instanceof AgentStarted s) {
            if (s.name() != null) names.put(s.agentId(), s.name());
            if (family.contains(s.parentAgentId())) family.add(s.agentId());
        }
        if (e instanceof PermissionRequested p) {
            // another face's agent (a run in another shell, attached to the same owner) asks on its own
            // terminal; one already answered elsewhere needs no answer from here
            if (!family.contains(p.agentId()) || resolved(p.requestId())) return true;
            printer.endLine();
            String who = p.ancestry().equals(p.agentId()) ? names.getOrDefault(p.agentId(), p.agentId()) : p.ancestry();
            new PermissionPrompt(engine, reader, out, printer).ask(p, who);
            return true;
        }
        if (e instanceof QuestionAsked q) {
            if (family.contains(q.agentId()) && !resolved(q.questionId())) {
                printer.endLine();
                new QuestionPrompt(engine, reader, out).ask(q);
            }
            return true;
        }
        return false;
    }

    /** Between turns: asks what waits (and drops the rest, as following would), then reads the next line. */
    private void waiting() {
        for (Event e; (e = events.poll()) != null; ) side(e);
    }

    /** Queues an event; one that waits for the user while the prompt is idle is announced above it. */
    private void arrived(Event e) {
        events.add(e);
        if (working == null
                && (e instanceof QuestionAsked q && family.contains(q.agentId())
                        || e instanceof PermissionRequested p && family.contains(p.agentId()))) {
            try {
                reader.printAbove("[" + (e instanceof QuestionAsked ? "a question" : "a permission prompt")
                        + " waits for you: press Enter to answer]");
            } catch (RuntimeException notReading) {
                // not at the prompt: the next prompt asks it anyway
            }
        }
    }

    private boolean resolved(String requestId) {
        return events.stream()
                .anyMatch(e -> e instanceof dev.dispatch.protocol.RuntimeEvents.PermissionResolved r
                                && requestId.equals(r.requestId())
                        || e instanceof dev.dispatch.protocol.RuntimeEvents.QuestionAnswered a
                                && requestId.equals(a.questionId()));
    }

    private boolean turnOver(Event e) {
        return switch (e) {
            // an input always ends with AgentFinished, after its last TurnEnded and status change: stopping
            // earlier left those in the queue, and the next message's follow ended on them at once, so
            // every answer after the first was never printed. The agent lives on for the next message.
            case AgentFinished f -> true;
            default -> false;
        };
    }

    /**
     * ctrl+C while an agent works: the first stops its turn (the agent keeps the conversation for the
     * next message); a second within a second leaves chat once the turn has stopped.
     */
    private void ctrlCWhileWorking() {
        String id = working;
        if (id == null) {
            // between two prompts (JLine reads ctrl+C itself at the prompt): only counts toward a double press
            doublePress();
            return;
        }
        if (doublePress()) {
            quit = true;
            out.println("dispatch: leaving once the turn has stopped");
            out.flush();
        }
        try {
            engine.submit(new InterruptTurn(id));
            out.println();
            out.println("dispatch: interrupting (ctrl+c again within 1 s to leave)");
        } catch (EngineException e) {
            out.println("dispatch: could not interrupt: " + e.getMessage());
        }
        out.flush();
    }

    /** Whether this ctrl+C came within a second of the last one. */
    private boolean doublePress() {
        long now = System.nanoTime();
        boolean again = lastCtrlC != 0 && now - lastCtrlC < KeyHandler.DOUBLE_PRESS_NANOS;
        lastCtrlC = now;
        return again;
    }
}
