package dev.dispatch.provider;

import java.util.List;
import java.util.Objects;

/**
 * One call to a model, independent of any wire format: each {@link Provider} translates it to its own
 * API. {@code model}, {@code maxTokens} and {@code temperature} may be null, meaning "use the
 * provider's configured value" (the agent loop need not know the settings of the provider it holds).
 *
 * @param model model id, or null for {@link ProviderSettings#model()}
 * @param system system prompt, or null/blank for none
 * @param messages the conversation, oldest first; never empty
 * @param tools tools the model may call; empty for none
 * @param maxTokens output cap, or null for {@link ProviderSettings#maxTokens()}
 * @param temperature sampling temperature, or null for the settings' value (which may itself be unset)
 */
public record ModelRequest(
        String model,
        String system,
        List<Message> messages,
        List<ToolDefinition> tools,
        Integer maxTokens,
        Double temperature) {

    public ModelRequest {
        Objects.requireNonNull(messages, "messages");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (messages.isEmpty()) throw new IllegalArgumentException("a model request needs at least one message");
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
    }

    /** A request that takes model, output cap and temperature from the provider's settings. */
    public static ModelRequest of(String system, List<Message> messages, List<ToolDefinition> tools) {
        return new ModelRequest(null, system, messages, tools, null, null);
    }

    public ModelRequest withModel(String newModel) {
        return new ModelRequest(newModel, system, messages, tools, maxTokens, temperature);
    }

    public ModelRequest withMaxTokens(Integer newMaxTokens) {
        return new ModelRequest(model, system, messages, tools, newMaxTokens, temperature);
    }

    public ModelRequest withTemperature(Double newTemperature) {
        return new ModelRequest(model, system, messages, tools, maxTokens, newTemperature);
    }
}
