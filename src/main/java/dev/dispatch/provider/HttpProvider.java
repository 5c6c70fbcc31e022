package dev.dispatch.provider;

import dev.dispatch.protocol.Cancellation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link Provider} over HTTP and SSE for any {@link WireFormat}: builds the request once, then runs
 * {@link Attempt}s under the {@link RetryPolicy}, reporting each wait as {@link ModelEvent.Retrying}.
 */
final class HttpProvider implements Provider {
    private final ProviderSettings settings;
    private final WireFormat wire;
    private final Sleeper sleeper;
    private final Failures failures;
    private final Attempt attempt;
    private final HttpClient http;

    HttpProvider(ProviderSettings settings, WireFormat wire, HttpClient http, Sleeper sleeper) {
        this.http = http;
        this.settings = settings;
        this.wire = wire;
        this.sleeper = sleeper;
        this.failures = new Failures(settings);
        this.attempt = new Attempt(settings, wire, http, failures);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public ModelEvent.Terminal stream(ModelRequest request, Consumer<ModelEvent> events, Cancellation cancellation) {
        HttpRequest httpRequest = httpRequest(request);
        RetryPolicy policy = settings.retry();
        try {
            for (int n = 1; ; n++) {
                if (cancellation.isCancelled()) return end(events, Providers.cancelled());
                Attempt.Result result = attempt.run(httpRequest, events, cancellation);
                if (result instanceof Attempt.Done done) return end(events, done.terminal());
                ProviderFailure failure = ((Attempt.Retry) result).failure();
                if (n >= policy.maxAttempts()) return end(events, new ModelEvent.Failed(failures.gaveUp(failure, n)));
                Duration delay = failure.retryAfter().orElse(policy.backoff(n));
                if (failure.retryAfter().isPresent() && delay.compareTo(policy.maxRetryAfter()) > 0) {
                    return end(events, new ModelEvent.Failed(failures.retryAfterTooLong(failure, delay)));
                }
                events.accept(new ModelEvent.Retrying(n, policy.maxAttempts(), delay, failure));
                sleeper.sleep(delay, cancellation);
            }
        } catch (InterruptedException e) {
            // An interrupted agent thread is being stopped: treat it as cancellation, keep the flag.
            Thread.currentThread().interrupt();
            return end(events, Providers.cancelled());
        }
    }

    /** Ends the client's selector thread at once (in-flight calls fail as a lost connection). */
    @Override
    public void close() {
        http.shutdownNow();
    }

    private static ModelEvent.Terminal end(Consumer<ModelEvent> events, ModelEvent.Terminal terminal) {
        events.accept(terminal);
        return terminal;
    }

    private HttpRequest httpRequest(ModelRequest request) {
        URI endpoint = wire.endpoint(settings.baseUrl());
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeouts().response())
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .header("user-agent", "dispatch")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.encode(request, settings)));
        // Plain-http servers (Ollama, llama.cpp) get HTTP/1.1: an h2c upgrade header confuses some of them.
        if ("http".equals(endpoint.getScheme())) builder.version(HttpClient.Version.HTTP_1_1);
        for (Map.Entry<String, String> header : wire.headers(settings.apiKey()).entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        return builder.build();
    }
}
