package dev.dispatch.agent;

import dev.dispatch.provider.Message;
import dev.dispatch.provider.ModelRequest;
import dev.dispatch.provider.ToolDefinition;
import dev.dispatch.tool.ToolRegistry;
import dev.dispatch.tool.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Step 1 of a turn: the request the model sees — the base system prompt, the project's AGENTS.md /
 * CLAUDE.md, the conversation so far, and the tools with their derived schemas. Built once per agent
 * (system prompt and tools) and cheaply per turn (history).
 */
final class RequestBuilder {
    private static final String BASE_PROMPT = resource("system.md");
    private final String system;
    private final List<ToolDefinition> tools;
    private final ModelChoice model;

    RequestBuilder(Path projectRoot, ToolRegistry registry, ModelChoice model) {
        this(projectRoot, registry, model, "", List.of(), java.util.Set.of());
    }

    /**
     * With the template's and skills' text appended, and only {@code allowed} tools (empty: all) less
     * the {@code hidden} ones (tools this agent may not use where it sits in its tree).
     */
    RequestBuilder(
            Path projectRoot,
            ToolRegistry registry,
            ModelChoice model,
            String extraSystem,
            List<String> allowed,
            java.util.Set<String> hidden) {
        String extra = extraSystem == null || extraSystem.isBlank() ? "" : "\n\n" + extraSystem.strip();
        this.system = BASE_PROMPT + "\n\nProject root: " + projectRoot + ProjectInstructions.read(projectRoot) + extra;
        this.tools = registry.specs(projectRoot).stream()
                .filter(t -> allowed.isEmpty() || allowed.contains(t.name()))
                .filter(t -> !hidden.contains(t.name()))
                .map(RequestBuilder::definition)
                .toList();
        this.model = model;
    }

    String system() {
        return system;
    }

    ModelRequest build(List<Message> history) {
        return build(history, model);
    }

    /** With {@code current}, the agent's model now (it may have been switched since the agent started). */
    ModelRequest build(List<Message> history, ModelChoice current) {
        return ModelRequest.of(system, history, tools).withModel(current.modelName());
    }

    private static ToolDefinition definition(ToolSpec spec) {
        return new ToolDefinition(spec.name(), spec.description(), spec.inputSchema());
    }

    private static String resource(String name) {
        try (InputStream in = RequestBuilder.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource dev/dispatch/agent/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
