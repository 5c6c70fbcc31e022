package dev.dispatch.tool;

import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.PermissionDecision;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.Shell;
import dev.dispatch.shell.ShellCommand;
import dev.dispatch.shell.ShellEnv;
import dev.dispatch.shell.ShellResult;
import dev.dispatch.shell.ShellRun;
import dev.dispatch.tool.Param.Presence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run_shell}: runs {@code bash -c COMMAND} in the project (or a directory below it), streams
 * stdout/stderr as {@link ToolOutput}s while it runs, and returns the exit code and the captured
 * output (head and tail kept, the middle cut with a marker). A timeout or a cancel kills the whole
 * process tree. The child's environment has no provider keys or Dispatch tokens. Where the
 * {@link Sandbox} works, the command runs inside it, confined to what the agent's gate allows
 * ({@link dev.dispatch.permission.PermissionGate#confinement()} plus what this call was granted).
 */
public final class RunShellTool implements Tool<RunShellTool.Params> {
    static final int DEFAULT_TIMEOUT_SECONDS = 120;
    static final int MAX_TIMEOUT_SECONDS = 600;
    /** Bytes of each stream kept for the model. */
    static final int OUTPUT_CAP = 32 * 1024;

    private final Map<String, String> baseEnvironment;
    private final Collection<String> secretValues;
    private final Sandbox sandbox;

    public record Params(
            @Param("the command line, run with bash -c") String command,
            @Param(
                            value = "working directory, relative to the project root (default: the root)",
                            presence = Presence.OPTIONAL)
                    String cwd,
            @Param(
                            value = "seconds before the command and its children are killed (default "
                                    + DEFAULT_TIMEOUT_SECONDS + ", max " + MAX_TIMEOUT_SECONDS + ")",
                            presence = Presence.OPTIONAL)
                    Integer timeoutSeconds) {
        public Params {
            if (command.isBlank()) throw new IllegalArgumentException("command is empty");
            if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS)) {
                throw new IllegalArgumentException(
                        "timeout_seconds must be between 1 and " + MAX_TIMEOUT_SECONDS + ", got " + timeoutSeconds);
            }
        }
    }

    /** Children start from this process's environment, scrubbed; no sandbox. */
    public RunShellTool() {
        this(System.getenv(), List.of());
    }

    public RunShellTool(Map<String, String> baseEnvironment, Collection<String> secretValues) {
        this(baseEnvironment, secretValues, Sandbox.off("no sandbox configured"));
    }

    /**
     * @param baseEnvironment what children start from before scrubbing
     * @param secretValues configured key values that must not reach a child under any variable name
     * @param sandbox confines commands where it works
     */
    public RunShellTool(Map<String, String> baseEnvironment, Collection<String> secretValues, Sandbox sandbox) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.secretValues = List.copyOf(secretValues);
        this.sandbox = sandbox;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public String name() {
        return "run_shell";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws IOException, InterruptedException {
        String given = p.cwd() == null || p.cwd().isBlank() ? "." : p.cwd();
        Path lexical = ToolPaths.absolute(ctx, given);
        PermissionDecision decision =
                ctx.ask(PermissionRequest.execute(p.command(), lexical, "run a shell command in " + given));
        if (!decision.allowed()) throw new ToolFailure("permission denied: " + decision.reason());
        Path cwd = ToolPaths.real(ctx, lexical);
        if (!Files.isDirectory(cwd)) throw new ToolFailure("cwd " + given + " is not a directory in the project");
        int timeout = p.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : p.timeoutSeconds();
        ShellCommand command = new ShellCommand(
                p.command(),
                cwd,
                Duration.ofSeconds(timeout),
                ShellEnv.scrub(baseEnvironment, secretValues),
                OUTPUT_CAP,
                sandboxPrefix(ctx, decision));
        ShellRun run = Shell.start(
                command,
                (channel, chunk) -> ctx.emit(new ToolOutput(ToolOutput.Stream.valueOf(channel.name()), chunk)));
        ShellResult result;
        try (var onCancel = ctx.cancellation().onCancel(run::cancel)) {
            result = run.await();
        }
        return report(result, timeout, sandbox.status());
    }

    private List<String> sandboxPrefix(ToolContext ctx, PermissionDecision decision) {
        Confinement c = ctx.permissions().confinement();
        List<Path> writable = new java.util.ArrayList<>(c.writable());
        writable.add(ctx.projectRoot());
        writable.addAll(decision.writable());
        return sandbox.prefix(new Sandbox.Spec(
                writable,
                c.hidden(),
                c.network() == Confinement.Network.OFF ? Sandbox.Spec.Network.OFF : Sandbox.Spec.Network.ON));
    }

    private static ToolResult report(ShellResult r, int timeout, Sandbox.Status sandbox) {
        StringBuilder text = new StringBuilder();
        switch (r.ending()) {
            case TIMED_OUT ->
                text.append("timed out after ")
                        .append(timeout)
                        .append(" s; the command and its child processes were killed\n");
            case CANCELLED -> text.append("cancelled; the command and its child processes were killed\n");
            case EXITED -> text.append("exit code ").append(r.exitCode()).append('\n');
        }
        if (!r.stdout().isEmpty()) text.append(r.stdout()).append(r.stdout().endsWith("\n") ? "" : "\n");
        if (!r.stderr().isEmpty()) {
            text.append("[stderr]\n").append(r.stderr()).append(r.stderr().endsWith("\n") ? "" : "\n");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("exit_code", r.exitCode());
        meta.put("ending", r.ending().name().toLowerCase(java.util.Locale.ROOT));
        meta.put("truncated", r.truncatedBytes() > 0);
        meta.put("truncated_bytes", r.truncatedBytes());
        meta.put("sandbox", sandbox.toString());
        boolean failed = r.ending() != ShellResult.Ending.EXITED || r.exitCode() != 0;
        return new ToolResult(text.toString(), failed, meta);
    }
}
