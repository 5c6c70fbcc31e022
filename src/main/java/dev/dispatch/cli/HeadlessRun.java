package dev.dispatch.cli;

import dev.dispatch.protocol.AgentEvent;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What {@code dispatch run} does once its arguments are read, whoever read them: {@link RunCommand}
 * (picocli) or {@link RunLane} (an attached run's thin start, no picocli, no Jackson). One code path, so
 * both print the same lines, ask the same questions and exit with the same codes. {@link #prepare} checks
 * the options and reads the prompt before any engine is opened; {@link #run} subscribes, starts the agent,
 * follows its whole tree and prints its end.
 */
final class HeadlessRun {
    /** After this long without an event, a run asks the engine whether its agent still runs. */
    static final long QUIET_SECONDS = 3;

    private static final java.util.Set<dev.dispatch.protocol.AgentStatus> ENDED = java.util.EnumSet.of(
            dev.dispatch.protocol.AgentStatus.DONE,
            dev.dispatch.protocol.AgentStatus.ERROR,
            dev.dispatch.protocol.AgentStatus.CANCELLED);

    /** The run's options as given (null: not given). */
    record Options(
            String prompt,
            String model,
            String tag,
            String cwd,
            String template,
            Integer maxTurns,
            RunRenderer.Format format,
            boolean continueLatest,
            String session,
            String permissionMode,
            boolean iKnow) {}

    /** Checked options: the prompt's text, the permission mode's wire name and the terminal asker (null: none). */
    record Prepared(Options options, String text, String mode, PermissionPrompt asker) {}

    private HeadlessRun() {}

    /** Picks the permission mode and reads the prompt ({@code -}: from {@code stdin}); usage errors are {@link CliException}s. */
    static Prepared prepare(Options o, InputStream stdin, PrintWriter err) {
        PermissionPrompt terminal = PermissionPrompt.interactive();
        String mode = PermissionPrompt.mode(o.permissionMode(), o.iKnow(), terminal != null, err);
        PermissionPrompt asker = mode.equals("ask") ? terminal : null;
        String text = "-".equals(o.prompt()) ? readStdin(stdin) : o.prompt();
        if (text.isBlank())
            throw new CliException(ExitCode.USAGE, "empty prompt: pass the task as an argument or on stdin with '-'");
        if (o.continueLatest() && o.session() != null)
            throw new CliException(ExitCode.USAGE, "use --continue or --resume ID, not both");
        if (o.model() != null && o.tag() != null)
            throw new CliException(ExitCode.USAGE, "use --model ID or --tag TAG, not both");
        if (o.maxTurns() != null && o.maxTurns() <= 0)
            throw new CliException(ExitCode.USAGE, "--max-turns must be at least 1, got " + o.maxTurns());
        return new Prepared(o, text, mode, asker);
    }

    /**
     * Runs the prepared prompt on {@code engine} until its agent finishes; answers the exit code.
     * {@code started} runs once the engine accepted the agent, before anything is printed to {@code out}.
     */
    static int run(Prepared p, Engine engine, String cwd, PrintWriter out, PrintWriter err, Runnable started)
            throws InterruptedException {
        Options o = p.options();
        RunRenderer renderer = RunRenderer.of(o.format(), out, err);
        String dir = o.cwd() != null ? o.cwd() : cwd;
        // 1) subscribe before starting, so no early event is missed
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = engine.subscribe(EventFilter.all(), events::add)) {
            String sessionId = o.continueLatest()
                    ? engine.submit(new SessionOps.LatestSession(dir)).sessionId()
                    : o.session();
            var agent = engine.submit(SessionOps.StartAgent.of(p.text(), dir)
                    .withModel(o.model())
                    .withPermissionMode(p.mode())
                    .withMaxTurns(o.maxTurns())
                    .withSession(sessionId)
                    .withTemplate(o.template())
                    .withTag(o.tag()));
            started.run();
            renderer.started(agent);
            warnIfUnsandboxed(engine, dir, err);
            // 2) Ctrl-C cancels the agent and still prints what happened
            CountDownLatch printed = new CountDownLatch(1);
            Thread hook = new Thread(() -> interrupt(engine, agent.agentId(), printed));
            Runtime.getRuntime().addShutdownHook(hook);
            RuntimeEvents.AgentFinished finished = follow(events, agent, renderer, engine, p.asker());
            renderer.finished(finished);
            out.flush();
            err.flush();
            printed.countDown();
            removeHook(hook);
            return exitCode(finished.status());
        }
    }

    private static RuntimeEvents.AgentFinished follow(
            BlockingQueue<Event> events,
            SessionOps.StartAgentResult agent,
            RunRenderer out,
            Engine engine,
            PermissionPrompt prompt)
            throws InterruptedException {
        String agentId = agent.agentId();
        // the run shows its whole tree: the root and every agent started below it
        Map<String, String> tree = new HashMap<>();
        tree.put(agentId, "");
        boolean endSeen = false;
        while (true) {
            Event e = events.poll(QUIET_SECONDS, TimeUnit.SECONDS);
            if (e == null) {
                // quiet: an owner's event stream that dropped (the daemon killed or restarted) lost what
                // happened meanwhile, its end included, and waiting on would never return; so ask the engine
                SessionOps.AgentSnapshot now = snapshot(engine, agent);
                if (!ENDED.contains(now.status())) continue;
                if (!endSeen) { // its end may still be on its way: one more quiet spell first
                    endSeen = true;
                    continue;
                }
                return new RuntimeEvents.AgentFinished(
                        agentId,
                        now.status(),
                        null,
                        "the owner's event stream missed the end of agent " + agentId + " ("
                                + now.status().name().toLowerCase(java.util.Locale.ROOT)
                                + "); its answer is in session " + now.sessionId()
                                + " ('dispatch sessions show " + now.sessionId() + "')");
            }
            if (e instanceof dev.dispatch.protocol.EngineEvent x) out.notice(x.summary());
            // the engine's journaled news; a key switch belongs to one agent and is shown with its events
            if (e instanceof dev.dispatch.protocol.JournalEvent j
                    && j.payload() instanceof dev.dispatch.protocol.JournalPayload.Notice n
                    && !(n instanceof dev.dispatch.protocol.KeyEvents.KeySwitched)) out.notice(n.summary());
            if (e instanceof RuntimeEvents.AgentStarted s
                    && s.parentAgentId() != null
                    && tree.containsKey(s.parentAgentId())) tree.put(s.agentId(), s.parentAgentId());
            String who = AgentEvent.agentOf(e);
            if (who == null || !tree.containsKey(who)) continue;
            if (e instanceof RuntimeEvents.AgentFinished f && agentId.equals(who)) return f;
            out.event(e, who, tree.get(who).isEmpty() ? null : tree.get(who));
            if (e instanceof RuntimeEvents.PermissionRequested req && prompt != null) {
                // events keep queueing while it asks: a PermissionResolved among them was answered elsewhere
                var reply = prompt.ask(req, () -> resolved(events, req.requestId()));
                if (reply != null) answer(engine, reply, prompt);
            }
        }
    }

    /**
     * The agent as the engine has it now; an engine that cannot be reached (its daemon killed) or no longer
     * knows the agent (a restarted daemon) ends the run with that said, naming the agent and its session.
     */
    private static SessionOps.AgentSnapshot snapshot(Engine engine, SessionOps.StartAgentResult agent) {
        String kept = "; what it did so far is in session " + agent.sessionId() + " ('dispatch sessions show "
                + agent.sessionId() + "')";
        List<SessionOps.AgentSnapshot> agents;
        try {
            agents = engine.submit(new SessionOps.ListAgents()).agents();
        } catch (EngineException e) {
            throw new EngineException(
                    e.code(), "agent " + agent.agentId() + " was running: " + e.getMessage() + kept, e);
        }
        for (SessionOps.AgentSnapshot a : agents) if (agent.agentId().equals(a.agentId())) return a;
        throw new EngineException(
                ErrorCode.NOT_FOUND,
                "agent " + agent.agentId() + " is no longer known to the owner (was it restarted?)" + kept);
    }

    private static boolean resolved(BlockingQueue<Event> events, String requestId) {
        for (Event e : events) {
            if (e instanceof RuntimeEvents.PermissionResolved r && requestId.equals(r.requestId())) return true;
        }
        return false;
    }

    /** Sends the answer; one that comes too late (answered elsewhere meanwhile) is said, not fatal. */
    private static void answer(Engine engine, SessionOps.ReplyPermission reply, PermissionPrompt prompt) {
        try {
            engine.submit(reply);
        } catch (dev.dispatch.protocol.EngineException e) {
            if (e.code() != dev.dispatch.protocol.ErrorCode.CONFLICT
                    && e.code() != dev.dispatch.protocol.ErrorCode.NOT_FOUND) throw e;
            prompt.say("dispatch: your answer came too late: " + e.getMessage());
        }
    }

    /** Says on stderr, before any tool runs, that shell commands will not be confined. */
    private static void warnIfUnsandboxed(Engine engine, String dir, PrintWriter err) {
        try {
            String sandbox = engine.submit(new dev.dispatch.protocol.WorkbenchOps.DescribeWorkbench(dir))
                    .sandbox();
            if (sandbox != null && sandbox.startsWith("unsandboxed")) {
                err.println("dispatch: shell commands run " + sandbox + "; see docs/security.md");
                err.flush();
            }
        } catch (RuntimeException unknown) {
            // an engine that cannot say: the run goes on, doctor still reports the sandbox
        }
    }

    private static void interrupt(Engine engine, String agentId, CountDownLatch printed) {
        if (printed.getCount() == 0) return;
        try {
            engine.submit(new SessionOps.CancelAgent(agentId, "interrupted (Ctrl-C)"));
            printed.await(5, TimeUnit.SECONDS);
        } catch (RuntimeException | InterruptedException ignored) {
            // the JVM is exiting; the session already records everything up to the cancel
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived as we finished: the hook sees the latch and returns at once
        }
    }

    static int exitCode(dev.dispatch.protocol.AgentStatus status) {
        return switch (status) {
            case DONE -> ExitCode.OK.code();
            case CANCELLED -> ExitCode.INTERRUPTED.code();
            default -> ExitCode.ERROR.code();
        };
    }

    private static String readStdin(InputStream stdin) {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCode.ERROR, "cannot read the prompt from standard input: " + e.getMessage());
        }
    }
}
