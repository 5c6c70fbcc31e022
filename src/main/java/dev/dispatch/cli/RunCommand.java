package dev.dispatch.cli;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Engine;
import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch run PROMPT}: one agent, headless, until it finishes its turn. The options are read here by
 * picocli, the run itself is {@link HeadlessRun}; an attached run usually never gets here ({@link RunLane}).
 */
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
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HeadlessRun.Prepared prepared = HeadlessRun.prepare(
                new HeadlessRun.Options(
                        prompt,
                        model,
                        tag,
                        cwd,
                        template,
                        maxTurns,
                        format,
                        continueLatest,
                        session,
                        permissionMode,
                        iKnow),
                stdin,
                err);
        FirstRun.require(spec, cwd, model, tag);
        String here = Environment.current().cwd().toString();
        try (Engine engine = serve.open(spec, "run")) {
            return HeadlessRun.run(prepared, engine, here, out, err, () -> {});
        }
    }

    static int exitCode(AgentStatus status) {
        return HeadlessRun.exitCode(status);
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
