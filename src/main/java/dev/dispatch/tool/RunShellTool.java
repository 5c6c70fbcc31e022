package dev.dispatch.tool;

import dev.dispatch.permission.Confinement;
import dev.dispatch.permission.PermissionDecision;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.shell.Channel;
import dev.dispatch.shell.GitGuard;
import dev.dispatch.shell.Redactor;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.Shell;
import dev.dispatch.shell.ShellCommand;
import dev.dispatch.shell.ShellEnv;
import dev.dispatch.shell.ShellResult;
import dev.dispatch.shell.ShellRun;
import dev.dispatch.shell.ShellSettings;
import dev.dispatch.tool.Param.Presence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code run_shell}: runs {@code bash -c COMMAND} in the project (or a directory below it), streams
 * stdout/stderr as {@link ToolOutput}s while it runs, and returns the exit code and the captured
 * output (head and tail kept, the middle cut with a marker). A timeout or a cancel kills the whole
 * process tree, and so does the command's own end: nothing it started outlives the call. The
 * child's environment has no provider keys or Dispatch tokens (the configured keys' variables and
 * values included), and configured secret values are redacted from its output, streamed or
 * returned. Where the {@link Sandbox} works, the command runs inside it: the project, the agent's
 * grants ({@link dev.dispatch.permission.PermissionGate#confinement()} plus what this call was
 * granted) and {@code sandbox.read}/{@code sandbox.write} shown, everything else absent.
 */
public final class RunShellTool implements Tool<RunShellTool.Params> {
    static final int DEFAULT_TIMEOUT_SECONDS = 120;
    static final int MAX_TIMEOUT_SECONDS = 600;
    /** Bytes of each stream kept for the model. */
    static final int OUTPUT_CAP = 32 * 1024;

    private final Map<String, String> baseEnvironment;
    private final Function<Path, ShellSettings> settings;
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
        this(baseEnvironment, sandbox, root -> ShellSettings.secrets(Set.of(), Set.copyOf(secretValues)));
    }

    /**
     * @param baseEnvironment what children start from before scrubbing
     * @param sandbox confines commands where it works
     * @param settings the configuration for a project root, asked at each call (so config reloads apply)
     */
    public RunShellTool(Map<String, String> baseEnvironment, Sandbox sandbox, Function<Path, ShellSettings> settings) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.sandbox = sandbox;
        this.settings = settings;
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
        ShellSettings config = settings.apply(ctx.projectRoot());
        Redactor redactor = Redactor.of(config.secretValues());
        Sandbox.Spec spec = spec(ctx, decision, config, cwd);
        ShellCommand command = new ShellCommand(
                p.command(),
                cwd,
                Duration.ofSeconds(timeout),
                ShellEnv.scrub(baseEnvironment, config.secretNames(), config.secretValues()),
                OUTPUT_CAP,
                sandbox.prefix(spec));
        List<Path> redirects = GitGuard.absentRedirects(spec.writable());
        Map<Channel, Redactor.Stream> streams = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) streams.put(c, redactor.stream());
        ShellRun run = Shell.start(
                command,
                (channel, chunk) -> emit(ctx, channel, streams.get(channel).push(chunk)));
        ShellResult result;
        try (var onCancel = ctx.cancellation().onCancel(run::cancel)) {
            result = run.await();
        } finally {
            streams.forEach((channel, stream) -> emit(ctx, channel, stream.flush()));
        }
        List<Path> planted = GitGuard.removePlanted(redirects);
        return report(result, timeout, sandbox.status(), redactor, planted);
    }

    private static void emit(ToolContext ctx, Channel channel, String chunk) {
        if (!chunk.isEmpty()) ctx.emit(new ToolOutput(ToolOutput.Stream.valueOf(channel.name()), chunk));
    }

    /**
     * The sandbox of one call: writable exactly what the agent may write ({@code confinement}: a child
     * only its own write grants), {@code sandbox.write}, and what the user allowed this call to write
     * (the file itself where it exists, else its nearest existing directory); read-only its read grants,
     * {@code sandbox.read} and the working directory it was allowed to run in. Nothing else of the host.
     */
    private Sandbox.Spec spec(ToolContext ctx, PermissionDecision decision, ShellSettings config, Path cwd) {
        Confinement c = ctx.permissions().confinement(ctx.projectRoot());
        Path home = homeOf(baseEnvironment);
        List<Path> writable = new ArrayList<>(c.writable());
        writable.addAll(config.write());
        for (Path granted : decision.writable()) {
            Path existing = existingAncestor(granted);
            // a grant to create a path never opens the whole home or the root for writing
            if (existing != null && existing.getNameCount() > 0 && (home == null || !home.startsWith(existing))) {
                writable.add(existing);
            }
        }
        List<Path> readable = new ArrayList<>(config.read());
        readable.addAll(c.readable());
        // the directory it runs in must exist inside (else bwrap would run it in another one), read-only
        // unless a grant makes it writable
        if (concat(writable, readable).stream().noneMatch(cwd::startsWith)) readable.add(cwd);
        return new Sandbox.Spec(
                readable,
                writable,
                c.hidden(),
                c.network() == Confinement.Network.OFF ? Sandbox.Spec.Network.OFF : Sandbox.Spec.Network.ON,
                home);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Path homeOf(Map<String, String> env) {
        String home = env.get("HOME");
        if (home == null || home.isBlank() || !Path.of(home).isAbsolute()) return null;
        return Path.of(home).normalize();
    }

    private static Path existingAncestor(Path p) {
        for (Path q = p.toAbsolutePath().normalize(); q != null; q = q.getParent()) {
            if (Files.exists(q)) return q;
        }
        return null;
    }

    private static ToolResult report(
            ShellResult r, int timeout, Sandbox.Status sandbox, Redactor redactor, List<Path> planted) {
        StringBuilder text = new StringBuilder();
        switch (r.ending()) {
            case TIMED_OUT ->
                text.append("timed out after ")
                        .append(timeout)
                        .append(" s; the command and its child processes were killed\n");
            case CANCELLED -> text.append("cancelled; the command and its child processes were killed\n");
            case EXITED -> text.append("exit code ").append(r.exitCode()).append('\n');
        }
        String stdout = redactor.redact(r.stdout());
        String stderr = redactor.redact(r.stderr());
        if (!stdout.isEmpty()) text.append(stdout).append(stdout.endsWith("\n") ? "" : "\n");
        if (!stderr.isEmpty()) text.append("[stderr]\n").append(stderr).append(stderr.endsWith("\n") ? "" : "\n");
        for (Path p : planted) {
            text.append("[dispatch] removed ")
                    .append(p)
                    .append(": a command may not create files that redirect git")
                    .append(" (the user's git would follow them outside the sandbox)\n");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("exit_code", r.exitCode());
        meta.put("ending", r.ending().name().toLowerCase(java.util.Locale.ROOT));
        meta.put("truncated", r.truncatedBytes() > 0);
        meta.put("truncated_bytes", r.truncatedBytes());
        meta.put("sandbox", sandbox.toString());
        boolean failed = r.ending() != ShellResult.Ending.EXITED || r.exitCode() != 0 || !planted.isEmpty();
        return new ToolResult(text.toString(), failed, meta);
    }
}
