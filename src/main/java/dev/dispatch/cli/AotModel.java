package dev.dispatch.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The model the session AOT workload talks to: a loopback server speaking just enough of Anthropic's
 * streamed Messages API for one {@code dispatch run} with a tool call. The first request of a
 * conversation gets a {@code write_file} call, the one carrying its result a line of text. Only
 * install.sh's training uses it, so the cache holds the classes a real agent run loads (in the session
 * workload's own process; for the runlane workload in a process of its own, {@link #main}).
 */
final class AotModel implements AutoCloseable {
    private final HttpServer server;

    private AotModel(HttpServer server) {
        this.server = server;
    }

    static AotModel start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            boolean answered = new String(request, StandardCharsets.UTF_8).contains("tool_result");
            byte[] body = (answered ? text() : toolCall()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new AotModel(server);
    }

    /**
     * The model in a process of its own, for the runlane training (install.sh): prints its base URL on
     * stdout and serves until killed, so its HTTP server stays out of the cache being trained.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        AotModel model = start();
        System.out.println(model.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String toolCall() {
        return messageStart()
                + event(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                                + "{\"type\":\"tool_use\",\"id\":\"toolu_aot\",\"name\":\"write_file\",\"input\":{}}}")
                + event(
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                                + "\"input_json_delta\",\"partial_json\":\"{\\\"path\\\":\\\"hello.txt\\\",\\\"content\\\":\\\"hi\\\\n\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + stop("tool_use");
    }

    private static String text() {
        return messageStart()
                + event(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                                + "{\"type\":\"text\",\"text\":\"\"}}")
                + event(
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                                + "\"text_delta\",\"text\":\"Wrote hello.txt.\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + stop("end_turn");
    }

    private static String messageStart() {
        return event(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_aot\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"aot\",\"content\":[],\"stop_reason\":null,"
                        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}");
    }

    private static String stop(String reason) {
        return event(
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + reason
                                + "\"},\"usage\":{\"output_tokens\":5}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
