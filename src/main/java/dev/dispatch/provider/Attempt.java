package dev.dispatch.provider;

import dev.dispatch.protocol.Cancellation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One HTTP exchange with the model: send, wait for the status, then either read the error body or
 * feed the event stream through {@link SseParser} into the wire format's {@link StreamDecoder}.
 * Cancellation aborts the send or closes the half-read body at once.
 */
final class Attempt {
    /** Error bodies are read up to this size; the rest is dropped. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** After the answer is complete, the rest of the body is read this long so the connection can be reused. */
    private static final Duration DRAIN = Duration.ofSeconds(1);

    /** How an attempt ended: for good, or with a failure worth another attempt (nothing emitted yet). */
    sealed interface Result {}

    record Done(ModelEvent.Terminal terminal) implements Result {}

    record Retry(ProviderFailure failure) implements Result {}

    private final ProviderSettings settings;
    private final WireFormat wire;
    private final HttpClient http;
    private final Failures failures;

    Attempt(ProviderSettings settings, WireFormat wire, HttpClient http, Failures failures) {
        this.settings = settings;
        this.wire = wire;
        this.http = http;
        this.failures = failures;
    }

    Result run(HttpRequest request, Consumer<ModelEvent> events, Cancellation cancellation)
            throws InterruptedException {
        // 1) send and wait for the status line and headers
        HttpResponse<LineSubscriber> response;
        CompletableFuture<HttpResponse<LineSubscriber>> sent = http.sendAsync(request, info -> new LineSubscriber());
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> sent.cancel(true))) {
            response = sent.get();
        } catch (CancellationException e) {
            return new Done(Providers.cancelled());
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (cancellation.isCancelled()) return new Done(Providers.cancelled());
            IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause());
            return retryOrFail(failures.fromIo(io), false);
        }
        LineSubscriber lines = response.body();
        try (Cancellation.Registration ignored = cancellation.onCancel(lines::cancel)) {
            // 2) an error status: read the provider's explanation
            if (response.statusCode() / 100 != 2) {
                String body = errorBody(lines);
                ProviderFailure failure = failures.fromStatus(
                        response.statusCode(), body, RetryAfter.from(response.headers(), Instant.now()));
                return retryOrFail(failure, false);
            }
            // 3) the answer: stream it through the decoder until it says the answer ended
            return read(lines, wire.decoder(events), cancellation);
        } catch (LineSubscriber.CancelledException e) {
            return new Done(Providers.cancelled());
        } finally {
            lines.cancel();
        }
    }

    private Result read(LineSubscriber lines, StreamDecoder decoder, Cancellation cancellation)
            throws InterruptedException, LineSubscriber.CancelledException {
        StreamDecoder.Outcome[] outcome = {null};
        SseParser parser = new SseParser(event -> {
            if (outcome[0] == null) outcome[0] = decoder.onEvent(event);
        });
        try {
            while (outcome[0] == null) {
                if (cancellation.isCancelled()) return new Done(Providers.cancelled());
                String line = lines.next(settings.timeouts().idle());
                if (line == null) {
                    parser.end();
                    if (outcome[0] == null) outcome[0] = decoder.onEnd();
                } else {
                    parser.line(line);
                }
            }
        } catch (LineSubscriber.CancelledException e) {
            throw e;
        } catch (IOException e) {
            if (cancellation.isCancelled()) return new Done(Providers.cancelled());
            return retryOrFail(failures.fromIo(e), decoder.emittedContent());
        }
        drain(lines);
        // instanceof, not a pattern switch: each such switch spins a class at its first run (issue #19)
        if (outcome[0] instanceof StreamDecoder.Finished f)
            return new Done(new ModelEvent.Stopped(f.reason(), f.rawReason()));
        StreamDecoder.Errored e = (StreamDecoder.Errored) outcome[0];
        return retryOrFail(failures.fromStream(e.errorType(), e.message()), decoder.emittedContent());
    }

    private Result retryOrFail(ProviderFailure failure, boolean emittedContent) {
        if (failure.retryable() && !emittedContent) return new Retry(failure);
        return new Done(new ModelEvent.Failed(failure));
    }

    private String errorBody(LineSubscriber lines) throws InterruptedException, LineSubscriber.CancelledException {
        StringBuilder body = new StringBuilder();
        try {
            for (String line = lines.next(settings.timeouts().idle());
                    line != null && body.length() < MAX_ERROR_BODY;
                    line = lines.next(settings.timeouts().idle())) {
                body.append(line).append('\n');
            }
        } catch (LineSubscriber.CancelledException e) {
            throw e;
        } catch (IOException e) {
            // A truncated error body still says something; use what arrived.
        }
        return body.toString();
    }

    private static void drain(LineSubscriber lines) throws InterruptedException {
        try {
            while (lines.next(DRAIN) != null) {
                // Trailing bytes after the end of the answer (blank lines, a late [DONE]) are ignored.
            }
        } catch (IOException e) {
            // A server that keeps the body open loses its connection: finally-cancel closes it.
        }
    }
}
