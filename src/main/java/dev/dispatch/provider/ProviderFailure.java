package dev.dispatch.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a model call failed, in terms a user and a key-failover policy can both act on. The message
 * names the provider, the HTTP status and the provider's own explanation; it never holds a key.
 *
 * @param provider the configured provider name ({@code anthropic}, {@code local})
 * @param kind what went wrong
 * @param httpStatus the HTTP status, or 0 when the failure had none (network, mid-stream error)
 * @param errorType the provider's error type ({@code rate_limit_error}, {@code overloaded_error}), or ""
 * @param message a one-line explanation for the user
 * @param retryAfter the wait the provider asked for ({@code retry-after}), if it asked
 */
public record ProviderFailure(
        String provider, Kind kind, int httpStatus, String errorType, String message, Optional<Duration> retryAfter) {

    /** Failure classes; {@link #retryable()} says which ones the provider retries by itself. */
    public enum Kind {
        /** 401/403: the key is wrong, revoked or lacks access. Another key may work. */
        AUTH(false),
        /** 429: too many requests or tokens for this key right now. */
        RATE_LIMITED(true),
        /** 529 or {@code overloaded_error}: the provider is overloaded. */
        OVERLOADED(true),
        /** 500/502/503/504 and other 5xx. */
        SERVER(true),
        /** Another 4xx: the request itself is wrong; retrying cannot help. */
        REQUEST(false),
        /** Connection refused, reset or closed before the answer began. */
        NETWORK(true),
        /** No answer (or no further bytes) within the configured timeout. */
        TIMEOUT(true),
        /** The provider reported an error inside the stream, or the stream broke its own format. */
        STREAM(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    public ProviderFailure {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        errorType = errorType == null ? "" : errorType;
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    /** Whether the provider itself retries this failure (subject to its retry policy). */
    public boolean retryable() {
        return kind.retryable();
    }
}
