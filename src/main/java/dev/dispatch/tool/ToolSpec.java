package dev.dispatch.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A tool as the model is told about it: name, description and the JSON schema of its input. */
public record ToolSpec(String name, String description, ObjectNode inputSchema) {}
