package dev.dispatch.daemon;

import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request/response pair on a handler thread, with blocking writes (handlers run on virtual
 * threads) and a callback completed exactly once, whether the request ends normally or is aborted
 * from another thread (a dropped SSE subscriber).
 */
final class Exchange {
    final Request request;
    final Response response;
    private final Callback callback;
    private final AtomicBoolean completed = new AtomicBoolean();
    int status = 200;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    String header(HttpHeader h) {
        return request.getHeaders().get(h);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /**
     * The body, refusing more than {@code max} bytes with a 413 before reading it all. A declared length
     * is read into an array of exactly that size (Jetty ends the content there); only a chunked body is
     * read in blocks up to {@code max + 1}, which costs a 16 KiB buffer per request.
     */
    byte[] body(int max) throws IOException {
        long declared = request.getLength();
        if (declared > max) throw tooLarge(declared, max);
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(declared >= 0 ? (int) declared : max + 1);
            if (bytes.length > max) throw tooLarge(-1, max);
            return bytes;
        }
    }

    private static ApiError tooLarge(long declared, int max) {
        return new ApiError(
                413,
                "too_large",
                "request body " + (declared > 0 ? "of " + declared + " bytes " : "") + "exceeds the limit of " + max
                        + " bytes");
    }

    void json(int status, Object value) throws IOException {
        send(status, "application/json", Json.mapper().writeValueAsBytes(value));
    }

    void error(int status, String code, String message) throws IOException {
        var node = Json.mapper().createObjectNode();
        node.putObject("error").put("code", code).put("message", message);
        send(status, "application/json", Json.mapper().writeValueAsBytes(node));
    }

    void text(int status, String contentType, String body) throws IOException {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int status, String contentType, byte[] bytes) throws IOException {
        this.status = status;
        if (response.isCommitted()) return; // a stream already started: nothing more can be said
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Content.Sink.write(response, true, ByteBuffer.wrap(bytes));
    }

    /** Answers {@code status} with no body (202 for an MCP notification, 204 for a deleted session). */
    void empty(int status) throws IOException {
        this.status = status;
        if (response.isCommitted()) return;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }

    /** Starts an event stream: headers now, then {@link #write} frames. */
    void startStream() throws IOException {
        status = 200;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
    }

    void write(byte[] bytes) throws IOException {
        Content.Sink.write(response, false, ByteBuffer.wrap(bytes));
    }

    void endStream() throws IOException {
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }

    void succeed() {
        if (completed.compareAndSet(false, true)) callback.succeeded();
    }

    void fail(Throwable t) {
        if (completed.compareAndSet(false, true)) callback.failed(t);
    }
}
