package dev.dispatch.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A piece of a {@link Message}: text, a tool call the model made, or the result of running one. */
public sealed interface ContentBlock {

    /** Plain text. */
    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool call the model made, replayed in later requests exactly as it was received.
     *
     * @param id the provider's call id ({@code toolu_…}, {@code call_…}); tool results refer to it
     * @param input the arguments as a JSON object
     */
    record ToolUse(String id, String name, JsonNode input) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(input, "input");
        }
    }

    /**
     * What running a tool produced, sent back to the model.
     *
     * @param toolUseId the {@link ToolUse#id()} it answers
     * @param content the result text the model reads
     * @param status whether the tool failed (the model sees the error and can react)
     */
    record ToolResult(String toolUseId, String content, ResultStatus status) implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(status, "status");
        }

        public static ToolResult ok(String toolUseId, String content) {
            return new ToolResult(toolUseId, content, ResultStatus.OK);
        }

        public static ToolResult error(String toolUseId, String content) {
            return new ToolResult(toolUseId, content, ResultStatus.ERROR);
        }
    }

    /** Outcome of a tool run as the model is told it ({@code is_error} on the Anthropic wire). */
    enum ResultStatus {
        OK,
        ERROR
    }
}
