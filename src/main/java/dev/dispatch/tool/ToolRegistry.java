package dev.dispatch.tool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tools an agent may call, in a stable order, and the single entry point that runs one from the
 * model's raw arguments. Everything a call can go wrong with (unknown tool, bad arguments, a denied
 * permission, an exception inside the tool) comes back as an error {@link ToolResult} the model can
 * read; only an interrupt (the agent is being stopped) propagates. Every result and streamed chunk
 * leaves here with the configured secrets redacted ({@link #withSecrets}), so nothing a tool printed
 * can carry a key into the session, the events or the model's next request.
 */
public final class ToolRegistry {
    private final Map<String, Entry<?>> tools = new LinkedHashMap<>();
    /** The secrets to redact from a call's output, by the call's project root (read at each call: config changes live). */
    private final Function<Path, SecretRedactor> secrets;
    /** Told about every file read_file, write_file and edit_file touched (the language servers). */
    private final FileHook files;
    /** Tools from outside Dispatch (MCP servers), by project; asked for calls the registry does not know. */
    private final List<ToolSource> sources;

    private ToolRegistry(List<Tool<?>> list) {
        this(list, root -> SecretRedactor.NONE, FileHook.NONE, List.of());
    }

    private ToolRegistry(
            List<Tool<?>> list, Function<Path, SecretRedactor> secrets, FileHook files, List<ToolSource> sources) {
        this.secrets = secrets;
        this.files = files;
        this.sources = List.copyOf(sources);
        for (Tool<?> tool : list) {
            Entry<?> entry = Entry.of(tool);
            if (tools.putIfAbsent(tool.name(), entry) != null) {
                throw new IllegalArgumentException("two tools are named " + tool.name());
            }
        }
    }

    public static ToolRegistry of(List<Tool<?>> tools) {
        return new ToolRegistry(tools);
    }

    /** The file and shell tools every agent gets; shell commands unsandboxed, from this process's environment. */
    public static ToolRegistry standard() {
        return standard(new RunShellTool());
    }

    /**
     * The standard tools, with {@code secretValues} (the configured provider keys and tokens) kept out
     * of shell children whatever variable holds them.
     */
    public static ToolRegistry standard(Collection<String> secretValues) {
        return standard(new RunShellTool(System.getenv(), secretValues));
    }

    /** The standard tools with this shell tool (sandboxed, scrubbed of the configured keys). */
    public static ToolRegistry standard(RunShellTool shell) {
        return of(List.of(
                new ReadFileTool(),
                new WriteFileTool(),
                new EditFileTool(),
                new ListFilesTool(),
                new GrepTool(),
                shell));
    }

    /** The standard tools plus {@code extra} (task_list, activate_skill: tools that need engine services). */
    public static ToolRegistry standardWith(List<Tool<?>> extra) {
        return standardWith(new RunShellTool(), extra);
    }

    /** The standard tools with this shell tool (sandboxed, scrubbed), plus {@code extra}. */
    public static ToolRegistry standardWith(RunShellTool shell, List<Tool<?>> extra) {
        List<Tool<?>> all = new ArrayList<>(standard(shell).tools.values().stream()
                .<Tool<?>>map(e -> e.tool)
                .toList());
        all.addAll(extra);
        return of(all);
    }

    /**
     * These tools, redacting from every result and streamed chunk the secrets {@code secrets} gives
     * for the calling agent's project root (asked once per call).
     */
    public ToolRegistry withSecrets(Function<Path, SecretRedactor> secrets) {
        return new ToolRegistry(
                tools.values().stream().<Tool<?>>map(e -> e.tool).toList(), secrets, files, sources);
    }

    /**
     * These tools, telling {@code hook} about each file a successful read_file, write_file or
     * edit_file touched; what the hook says about a write is appended to that call's result.
     */
    public ToolRegistry withFileHook(FileHook hook) {
        return new ToolRegistry(
                tools.values().stream().<Tool<?>>map(e -> e.tool).toList(), secrets, hook, sources);
    }
    /** These tools plus those of {@code source} (an MCP server's tools, per project). */
    public ToolRegistry withSource(ToolSource source) {
        List<ToolSource> all = new ArrayList<>(sources);
        all.add(source);
        return new ToolRegistry(
                tools.values().stream().<Tool<?>>map(e -> e.tool).toList(), secrets, files, all);
    }

    /** What to tell an agent working in {@code projectRoot}: {@link #specs()} plus its sources' tools. */
    public List<ToolSpec> specs(Path projectRoot) {
        List<ToolSpec> specs = specs();
        if (sources.isEmpty()) return specs;
        List<ToolSpec> all = new ArrayList<>(specs);
        for (ToolSource s : sources) {
            for (ToolSpec spec : s.specs(projectRoot)) if (!tools.containsKey(spec.name())) all.add(spec);
        }
        return all;
    }

    /** What to tell the model: each tool's name, description and input schema. */
    public List<ToolSpec> specs() {
        List<ToolSpec> specs = new ArrayList<>();
        for (Entry<?> e : tools.values()) specs.add(e.spec);
        return specs;
    }

    public Optional<Tool<?>> find(String name) {
        return Optional.ofNullable(tools.get(name)).map(e -> e.tool);
    }

    /** Parses {@code argumentsJson} for tool {@code name} and runs it; never throws for a bad call. */
    public ToolResult call(String name, String argumentsJson, ToolContext ctx) throws InterruptedException {
        Entry<?> entry = tools.get(name);
        if (entry == null) {
            for (ToolSource s : sources) {
                Optional<ToolResult> r = s.call(name, argumentsJson, ctx);
                if (r.isPresent()) return redact(r.get(), redactorFor(ctx.projectRoot()));
            }
            return ToolResult.error(
                    "unknown tool '" + name + "'; available tools: " + String.join(", ", tools.keySet()));
        }
        SecretRedactor redactor = redactorFor(ctx.projectRoot());
        Optional<String> refused = FileHook.refused(files, name, argumentsJson, ctx); // another agent's reservation
        if (refused.isPresent()) return ToolResult.error(refused.get());
        FileHook.before(files, name, argumentsJson, ctx); // before-images for turn checkpoints
        if (redactor.isEmpty()) return FileHook.after(files, name, entry.call(argumentsJson, ctx), ctx);
        RedactingOutput output = new RedactingOutput(redactor, ctx.output());
        ToolContext redacting = new ToolContext(
                ctx.projectRoot(), ctx.agentId(), ctx.sessionId(), ctx.permissions(), output, ctx.cancellation());
        ToolResult result;
        try {
            result = FileHook.after(files, name, entry.call(argumentsJson, redacting), redacting);
        } finally {
            output.flush();
        }
        return redact(result, redactor);
    }

    private SecretRedactor redactorFor(Path root) {
        try {
            SecretRedactor r = secrets.apply(root);
            return r == null ? SecretRedactor.NONE : r;
        } catch (RuntimeException e) {
            // no secrets known is no reason to fail the call: the shell scrub and sandbox still hold
            return SecretRedactor.NONE;
        }
    }

    private static ToolResult redact(ToolResult result, SecretRedactor redactor) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        result.metadata().forEach((k, v) -> metadata.put(k, v instanceof String text ? redactor.redact(text) : v));
        return new ToolResult(redactor.redact(result.text()), result.isError(), metadata);
    }

    private record Entry<P extends Record>(Tool<P> tool, ToolSpec spec) {
        static <P extends Record> Entry<P> of(Tool<P> tool) {
            return new Entry<>(tool, new ToolSpec(tool.name(), tool.description(), ParamSchema.of(tool.paramsType())));
        }

        ToolResult call(String argumentsJson, ToolContext ctx) throws InterruptedException {
            P params;
            try {
                params = ParamSchema.parse(tool.paramsType(), argumentsJson);
            } catch (ToolFailure bad) {
                return ToolResult.error("invalid arguments for " + tool.name() + ": " + bad.getMessage());
            }
            try {
                return tool.run(params, ctx);
            } catch (ToolFailure failure) {
                return ToolResult.error(failure.getMessage());
            } catch (InterruptedException stop) {
                throw stop;
            } catch (Exception e) {
                return ToolResult.error(tool.name() + " failed: " + describe(e));
            }
        }

        private static String describe(Exception e) {
            String message = e.getMessage();
            return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
        }
    }
}
