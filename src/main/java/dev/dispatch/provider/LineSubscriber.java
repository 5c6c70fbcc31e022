package dev.dispatch.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Receives a streaming response body and hands it to the calling thread as lines, so the caller can
 * wait with an idle timeout and be woken by cancellation. Splitting on bytes is safe for UTF-8 (CR
 * and LF never occur inside a multi-byte sequence); CRLF, LF and CR all end a line, as in SSE.
 */
final class LineSubscriber implements HttpResponse.BodySubscriber<LineSubscriber> {
    /** Queue markers: the body ended; the reader was cancelled. */
    private static final Object END = new Object();

    private static final Object CANCELLED = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean lastWasCr;

    /** Thrown by {@link #next} when the stream was silent for longer than the idle timeout. */
    static final class IdleTimeoutException extends IOException {
        IdleTimeoutException(Duration idle) {
            super("no data for " + idle.toMillis() + " ms");
        }
    }

    /** Thrown by {@link #next} once {@link #cancel()} was called. */
    static final class CancelledException extends IOException {
        CancelledException() {
            super("cancelled");
        }
    }

    @Override
    public CompletionStage<LineSubscriber> getBody() {
        // Available at once: the caller reads lines while the body is still arriving.
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) accept(buffer.get());
        }
        subscription.join().request(1);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(error);
    }

    @Override
    public void onComplete() {
        if (pending.size() > 0) flushLine();
        queue.add(END);
    }

    /**
     * The next line, or null at the end of the body.
     *
     * @throws IdleTimeoutException after {@code idle} without a line
     * @throws CancelledException after {@link #cancel()}
     * @throws IOException when the connection failed
     */
    String next(Duration idle) throws IOException, InterruptedException {
        Object item = queue.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) throw new IdleTimeoutException(idle);
        if (item instanceof String line) return line;
        if (item == END) {
            queue.add(END);
            return null;
        }
        if (item == CANCELLED) {
            queue.add(CANCELLED);
            throw new CancelledException();
        }
        Throwable error = (Throwable) item;
        queue.add(error);
        throw error instanceof IOException io ? io : new IOException(error.getMessage(), error);
    }

    /** Stops the body (closing the connection, since it is unfinished) and wakes the reader. */
    void cancel() {
        queue.add(CANCELLED);
        subscription.thenAccept(Flow.Subscription::cancel);
    }

    private void accept(byte b) {
        if (b == '\n' && lastWasCr) {
            lastWasCr = false;
            return;
        }
        lastWasCr = b == '\r';
        if (b == '\n' || b == '\r') flushLine();
        else pending.write(b);
    }

    private void flushLine() {
        queue.add(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
    }
}
