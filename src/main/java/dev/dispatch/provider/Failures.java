package dev.dispatch.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds {@link ProviderFailure}s from what went wrong: an error status with the provider's JSON
 * error body, an error event inside the stream, or an I/O failure. Every message names the provider
 * and, for fixable causes, the fix; the key is scrubbed from anything echoed back.
 */
final class Failures {
    private static final int MAX_ECHO = 500;

    private final ProviderSettings settings;

    Failures(ProviderSettings settings) {
        this.settings = settings;
    }

    /** A non-2xx answer. */
    ProviderFailure fromStatus(int status, String body, Optional<Duration> retryAfter) {
        String[] detail = errorDetail(body);
        String type = detail[0];
        ProviderFailure.Kind kind = kindOf(status, type);
        StringBuilder message =
                new StringBuilder(settings.name()).append(": HTTP ").append(status);
        if (!type.isEmpty()) message.append(" (").append(type).append(')');
        message.append(": ").append(detail[1].isEmpty() ? "no error message in the response" : detail[1]);
        if (kind == ProviderFailure.Kind.AUTH) {
            message.append(" (check the key in ").append(settings.keyEnv()).append(" or the provider's key entry)");
        } else if (status == 404) {
            message.append(" (check base_url '")
                    .append(settings.baseUrl())
                    .append("' and model '")
                    .append(settings.model())
                    .append("')");
        }
        return failure(kind, status, type, message.toString(), retryAfter);
    }

    /** An {@code error} reported inside a 200 stream. */
    ProviderFailure fromStream(String type, String text) {
        ProviderFailure.Kind kind =
                switch (type) {
                    case "overloaded_error" -> ProviderFailure.Kind.OVERLOADED;
                    case "rate_limit_error" -> ProviderFailure.Kind.RATE_LIMITED;
                    case "api_error", "server_error" -> ProviderFailure.Kind.SERVER;
                    // A body cut short is a connection problem; retried only if nothing was shown yet.
                    case "incomplete_stream" -> ProviderFailure.Kind.NETWORK;
                    default -> ProviderFailure.Kind.STREAM;
                };
        return failure(
                kind, 0, type, settings.name() + ": error in the stream (" + type + "): " + text, Optional.empty());
    }

    ProviderFailure fromIo(IOException e) {
        if (e instanceof LineSubscriber.IdleTimeoutException || e instanceof HttpTimeoutException) {
            return failure(
                    ProviderFailure.Kind.TIMEOUT,
                    0,
                    "",
                    settings.name() + ": no answer from " + settings.baseUrl() + " within the timeout ("
                            + e.getMessage() + "); raise the provider's timeouts if the model is slow",
                    Optional.empty());
        }
        String text = e instanceof ConnectException
                ? settings.name() + ": cannot connect to " + settings.baseUrl()
                        + " (is the server running? check base_url)"
                : settings.name() + ": connection to " + settings.baseUrl() + " failed: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return failure(ProviderFailure.Kind.NETWORK, 0, "", text, Optional.empty());
    }

    ProviderFailure gaveUp(ProviderFailure last, int attempts) {
        if (attempts < 2) return last;
        return failure(
                last.kind(),
                last.httpStatus(),
                last.errorType(),
                last.message() + " (gave up after " + attempts + " attempts)",
                last.retryAfter());
    }

    ProviderFailure retryAfterTooLong(ProviderFailure cause, Duration wait) {
        return failure(
                cause.kind(),
                cause.httpStatus(),
                cause.errorType(),
                cause.message() + " (the provider asks to wait "
                        + wait.toSeconds() + " s, longer than the "
                        + settings.retry().maxRetryAfter().toSeconds()
                        + " s this provider waits; try again later or use another key)",
                cause.retryAfter());
    }

    private ProviderFailure failure(
            ProviderFailure.Kind kind, int status, String type, String message, Optional<Duration> retryAfter) {
        return new ProviderFailure(
                settings.name(), kind, status, type, settings.apiKey().redact(message), retryAfter);
    }

    static ProviderFailure.Kind kindOf(int status, String type) {
        if (status == 529 || "overloaded_error".equals(type)) return ProviderFailure.Kind.OVERLOADED;
        if (status == 401 || status == 403) return ProviderFailure.Kind.AUTH;
        if (status == 429) return ProviderFailure.Kind.RATE_LIMITED;
        if (status == 408) return ProviderFailure.Kind.TIMEOUT;
        if (status >= 500) return ProviderFailure.Kind.SERVER;
        return ProviderFailure.Kind.REQUEST;
    }

    /**
     * {type, message} from the error shapes in use: Anthropic {@code {"error":{"type","message"}}},
     * OpenAI and Ollama {@code {"error":{"message","type","code"}}} or {@code {"error":"text"}}, vLLM
     * {@code {"message","type"}}, FastAPI {@code {"detail"}}; else the body's start as text.
     */
    static String[] errorDetail(String body) {
        String trimmed = body == null ? "" : body.strip();
        try {
            JsonNode root = Json.mapper().readTree(trimmed);
            if (root != null && root.isObject()) {
                JsonNode error = root.path("error");
                if (error.isTextual()) return new String[] {"", oneLine(error.asText())};
                JsonNode holder = error.isObject() ? error : root;
                String type = holder.path("type").asText(holder.path("code").asText(""));
                String message =
                        holder.path("message").asText(root.path("detail").asText(""));
                if (!message.isEmpty()) return new String[] {type, oneLine(message)};
            }
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, plain text): fall through and echo its start.
        }
        return new String[] {"", oneLine(trimmed)};
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > MAX_ECHO ? flat.substring(0, MAX_ECHO) + "…" : flat;
    }
}
