package dev.dispatch.cli;

import dev.dispatch.protocol.AgentEvent;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch run PROMPT}: one agent, headless, until it finishes its turn. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run an agent on a prompt without the TUI and print its answer.",
            "",
            "  dispatch run \"summarise README.md\"",
            "  echo \"fix the failing test\" | dispatch run - --output-format stream-json",
            "  dispatch run --continue \"now add a test for it\"",
            "",
            "The agent may read, write and run commands inside the project directory (--cwd). Anything else",
            "needs permission: --permission-mode ask (the default with a terminal) prompts on the terminal the run",
            "started from, even with stdin or stdout redirected; deny (the default without one) refuses it with a",
            "tool error. Agents it summons run in the same process; a detached one's questions are answered with",
            "'dispatch agent answer QUESTION_ID TEXT' from another shell. Output formats and modes: docs/headless.md."
        })
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
    static InputStream stdin = System.in;

    @Parameters(
            index = "0",
            paramLabel = "PROMPT",
            description = "What the agent should do; '-' reads it from standard input.")
    String prompt;

    @Option(
            names = "--model",
            paramLabel = "ID",
            completionCandidates = Candidates.Models.class,
            description = "Model id from the config (default: default_model).")
    String model;

    @Option(
            names = "--tag",
            paramLabel = "TAG",
            completionCandidates = Candidates.Tags.class,
            description = "Run on the best usable model with this tag (heavy, light, …) instead of --model.")
    String tag;

    @Option(
            names = "--cwd",
            paramLabel = "DIR",
            description = "Project directory the agent works in (default: the current one).")
    String cwd;

    @Option(
            names = "--agent",
            paramLabel = "TEMPLATE",
            description = "Run as this agent template from dispatch.yaml (its prompt, tools, model, skills).")
    String template;

    @Option(names = "--max-turns", paramLabel = "N", description = "Most model calls for this prompt (default: 50).")
    Integer maxTurns;

    @Option(
            names = "--output-format",
            paramLabel = "FORMAT",
            converter = FormatConverter.class,
            completionCandidates = Candidates.OutputFormats.class,
            description = "text (answer on stdout, progress on stderr), json (one object at the end), or stream-json"
                    + " (one JSON event per line).")
    RunRenderer.Format format = RunRenderer.Format.text;

    @Option(names = "--continue", description = "Continue the most recent session of this project.")
    boolean continueLatest;

    @Option(
            names = {"--resume", "--session"},
            paramLabel = "ID",
            description = "Continue the session with this id (its full history).")
    String session;

    @Option(
            names = "--permission-mode",
            paramLabel = "MODE",
            completionCandidates = Candidates.PermissionModes.class,
            description = "ask, deny, accept-edits or bypass (default: ask with a terminal, else deny).")
    String permissionMode;

    @Option(names = "--i-know", description = "Accept --permission-mode bypass when running as root.")
    boolean iKnow;

    @Mixin
    ServeOptions serve;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PermissionPrompt terminal = PermissionPrompt.interactive();
        String mode = PermissionPrompt.mode(
                permissionMode, iKnow, terminal != null, spec.commandLine().getErr());
        PermissionPrompt asker = mode.equals("ask") ? terminal : null;
        // 1) the prompt and the options that must agree
        String text = "-".equals(prompt) ? readStdin() : prompt;
        if (text.isBlank())
            throw new CliException(ExitCode.USAGE, "empty prompt: pass the task as an argument or on stdin with '-'");
        if (continueLatest && session != null)
            throw new CliException(ExitCode.USAGE, "use --continue or --resume ID, not both");
        if (model != null && tag != null)
            throw new CliException(ExitCode.USAGE, "use --model ID or --tag TAG, not both");
        if (maxTurns != null && maxTurns <= 0)
            throw new CliException(ExitCode.USAGE, "--max-turns must be at least 1, got " + maxTurns);
        FirstRun.require(spec, cwd, model, tag);
        RunRenderer out = RunRenderer.of(
                format, spec.commandLine().getOut(), spec.commandLine().getErr());
        Environment.Snapshot env = Environment.current();
        String dir = cwd != null ? cwd : env.cwd().toString();
        try (Engine engine = serve.open(spec, "run")) {
            // 2) subscribe before starting, so no early event is missed
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            try (Subscription ignored = engine.subscribe(EventFilter.all(), events::add)) {
                String sessionId = continueLatest
                        ? engine.submit(new SessionOps.LatestSession(dir)).sessionId()
                        : session;
                var started = engine.submit(SessionOps.StartAgent.of(text, dir)
                        .withModel(model)
                        .withPermissionMode(mode)
                        .withMaxTurns(maxTurns)
                        .withSession(sessionId)
                        .withTemplate(template)
                        .withTag(tag));
                out.started(started);
                warnIfUnsandboxed(engine, dir, spec.commandLine().getErr());
                // 3) Ctrl-C cancels the agent and still prints what happened
                CountDownLatch printed = new CountDownLatch(1);
                Thread hook = new Thread(() -> interrupt(engine, started.agentId(), printed));
                Runtime.getRuntime().addShutdownHook(hook);
                RuntimeEvents.AgentFinished finished = follow(events, started.agentId(), out, engine, asker);
                out.finished(finished);
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().flush();
                printed.countDown();
                removeHook(hook);
                return exitCode(finished.status());
            }
        }
    }

    private static RuntimeEvents.AgentFinished follow(
            BlockingQueue<Event> events, String agentId, RunRenderer out, Engine engine, PermissionPrompt prompt)
            throws InterruptedException {
        // the run shows its whole tree: the root and every agent started below it
        java.util.Map<String, String> tree = new java.util.HashMap<>();
        tree.put(agentId, "");
        while (true) {
            Event e = events.take();
            if (e instanceof dev.dispatch.protocol.EngineEvent x) out.notice(x.summary());
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

    private static boolean resolved(BlockingQueue<Event> events, String requestId) {
        return events.stream()
                .anyMatch(e -> e instanceof RuntimeEvents.PermissionResolved r && requestId.equals(r.requestId()));
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
    private static void warnIfUnsandboxed(Engine engine, String dir, java.io.PrintWriter err) {
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

    static int exitCode(AgentStatus status) {
        return switch (status) {
            case DONE -> ExitCode.OK.code();
            case CANCELLED -> ExitCode.INTERRUPTED.code();
            default -> ExitCode.ERROR.code();
        };
    }

    private static String readStdin() {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCode.ERROR, "cannot read the prompt from standard input: " + e.getMessage());
        }
    }

    /** Accepts {@code stream-json} (and {@code stream_json}) for the enum constant. */
    static final class FormatConverter implements ITypeConverter<RunRenderer.Format> {
        @Override
        public RunRenderer.Format convert(String value) {
            try {
                return RunRenderer.Format.valueOf(value.replace('-', '_').toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not an output format: use text, json or stream-json");
            }
        }
    }
}
