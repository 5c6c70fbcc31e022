package dev.dispatch.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A tool offered to the model.
 *
 * @param name the name the model calls it by ({@code read_file})
 * @param description what it does and when to use it, as the model reads it
 * @param inputSchema JSON schema of the arguments object
 */
public record ToolDefinition(String name, String description, ObjectNode inputSchema) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
    }
}
