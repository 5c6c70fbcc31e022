package dev.dispatch.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scripted answer of {@link ScriptedModelServer}, independent of the wire format: the server
 * renders it as Anthropic or OpenAI SSE depending on the endpoint the request hit, so one scenario
 * can run against both providers.
 */
public final class ScriptedReply {
    /** A tool call the scripted model makes. */
    public record ToolCall(String id, String name, String argumentsJson) {}

    /** A piece of the answer, in order. */
    sealed interface Part {}

    record TextPart(String text) implements Part {}

    record ToolPart(ToolCall call) implements Part {}

    /** An error event in the middle of the stream. */
    record ErrorPart(String type, String message) implements Part {}

    int status = 200;
    String errorType = "";
    String errorMessage = "";
    Map<String, String> headers = Map.of();
    final List<Part> parts = new ArrayList<>();
    long inputTokens = 10;
    long outputTokens = 5;
    long cacheReadTokens;
    long cacheWriteTokens;
    String stopReason;
    int chunkSize = 3;
    Duration delay = Duration.ZERO;
    Duration headerDelay = Duration.ZERO;
    boolean finish = true;
    String rawBody;

    private ScriptedReply() {}

    /** A streamed answer with no parts yet; add them with {@link #text} and {@link #toolCall}. */
    public static ScriptedReply answer() {
        return new ScriptedReply();
    }

    public static ScriptedReply text(String text) {
        return answer().thenText(text);
    }

    public static ScriptedReply toolCalls(ToolCall... calls) {
        ScriptedReply reply = answer();
        for (ToolCall call : calls) reply.thenToolCall(call);
        return reply;
    }

    /** An error status with a body in the endpoint's error shape and the given headers. */
    public static ScriptedReply status(int status, String errorType, String message, Map<String, String> headers) {
        ScriptedReply reply = new ScriptedReply();
        reply.status = status;
        reply.errorType = errorType;
        reply.errorMessage = message;
        reply.headers = Map.copyOf(headers);
        return reply;
    }

    /** A 200 whose body is exactly {@code sse} (for malformed or unusual streams). */
    public static ScriptedReply raw(String sse) {
        ScriptedReply reply = new ScriptedReply();
        reply.rawBody = sse;
        return reply;
    }

    public ScriptedReply thenText(String text) {
        parts.add(new TextPart(text));
        return this;
    }

    public ScriptedReply thenToolCall(ToolCall call) {
        parts.add(new ToolPart(call));
        return this;
    }

    /** An error event at this point of the stream; the stream ends after it. */
    public ScriptedReply thenError(String type, String message) {
        parts.add(new ErrorPart(type, message));
        finish = false;
        return this;
    }

    /** Uncached input, output, cache read and cache write tokens, as the endpoint reports them. */
    public ScriptedReply usage(long input, long output, long cacheRead, long cacheWrite) {
        inputTokens = input;
        outputTokens = output;
        cacheReadTokens = cacheRead;
        cacheWriteTokens = cacheWrite;
        return this;
    }

    /** The wire's own stop reason; by default end_turn/stop, or tool_use/tool_calls after tool calls. */
    public ScriptedReply stopReason(String raw) {
        stopReason = raw;
        return this;
    }

    /** Text and arguments are sent in pieces of this many characters (1 = one per event). */
    public ScriptedReply chunkSize(int chars) {
        chunkSize = chars;
        return this;
    }

    /** Pause between events (slow streams for cancellation and timeouts). */
    public ScriptedReply delay(Duration between) {
        delay = between;
        return this;
    }

    /** Pause before sending the status line. */
    public ScriptedReply headerDelay(Duration before) {
        headerDelay = before;
        return this;
    }

    /** Ends the body without the closing events (no message_stop / finish_reason / [DONE]). */
    public ScriptedReply truncated() {
        finish = false;
        return this;
    }

    boolean hasToolCalls() {
        return parts.stream().anyMatch(p -> p instanceof ToolPart);
    }

    static List<String> chunks(String text, int size) {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) chunks.add(text.substring(i, Math.min(text.length(), i + size)));
        return chunks;
    }
}
