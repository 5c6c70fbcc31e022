package dev.dispatch.daemon;

import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (unparseable request line, oversized headers) in the API's one error
 * shape, {@code {"error":{"code","message"}}}, instead of Jetty's HTML page, so clients parse every
 * failure the same way.
 */
final class JsonErrors extends ErrorHandler {
    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback)
            throws IOException {
        String code =
                switch (status) {
                    case 400 -> "invalid_argument";
                    case 401 -> "unauthorized";
                    case 403 -> "forbidden";
                    case 404 -> "not_found";
                    case 413, 431 -> "too_large";
                    case 429 -> "too_many_requests";
                    default -> status >= 500 ? "internal" : "invalid_argument";
                };
        var node = Json.mapper().createObjectNode();
        node.putObject("error")
                .put("code", code)
                .put("message", "HTTP " + status + (message == null ? "" : ": " + message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(Json.mapper().writeValueAsBytes(node)), callback);
    }
}
