package dev.dispatch.provider;

import dev.dispatch.protocol.Cancellation;
import java.util.function.Consumer;

/**
 * A model behind some wire format. Thread-safe: one provider serves many agents, each call on its
 * caller's (virtual) thread. Obtain one from {@link Providers#create(ProviderSettings)}.
 */
public interface Provider {

    /** The configured name ({@code anthropic}, {@code local}), as used in messages. */
    String name();

    /** The settings this provider was built from (the key inside is redacted in toString). */
    ProviderSettings settings();

    /**
     * Sends the request and reports the answer as it streams in, blocking until it ends. Retries
     * 429/5xx/overloaded/network failures with backoff (each retry reported as
     * {@link ModelEvent.Retrying}) as long as nothing of the answer has been emitted yet.
     *
     * <p>Never throws for provider or network failures: they end the call with
     * {@link ModelEvent.Failed}. {@link Cancellation#cancel()} from any thread stops reading, closes the
     * connection and ends the call promptly with {@link ModelEvent.Stopped} ({@link StopReason#CANCELLED}).
     *
     * @param events receives every event, on the calling thread, in order; the last is the returned one
     * @return the terminal event, also passed to {@code events}
     */
    ModelEvent.Terminal stream(ModelRequest request, Consumer<ModelEvent> events, Cancellation cancellation);

    /** Releases the provider's connections and threads; calls after it fail. Nothing by default. */
    default void close() {}
}
