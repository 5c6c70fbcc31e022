package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The stdio transport: newline-delimited JSON-RPC messages on a pair of streams (the client's stdin and
 * stdout; diagnostics go elsewhere). Each request runs on its own virtual thread, so a long
 * {@code approval_wait} does not hold up a {@code ping} (so answers may come out of order, as JSON-RPC
 * allows); only {@code initialize} is handled before the next line is read. Replies are written whole,
 * one per line.
 * Returns when the input ends (the client closed it) and every running request has answered.
 */
public final class StdioTransport {
    /** Longest accepted line; a longer one is answered with a parse error and skipped. */
    static final int MAX_LINE = 4 << 20;

    private final McpSession session;
    private final OutputStream out;
    private final Object writeLock = new Object();

    public StdioTransport(McpSession session, OutputStream out) {
        this.session = session;
        this.out = out;
    }

    /** Serves until {@code in} ends. */
    public void serve(InputStream in) throws IOException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b != '\n') {
                        if (line.size() < MAX_LINE) line.write(b);
                        else tooLong = true;
                        continue;
                    }
                    byte[] message = line.toByteArray();
                    line.reset();
                    if (tooLong) {
                        tooLong = false;
                        write(JsonRpc.write(new JsonRpc.ErrorReply(
                                null, JsonRpc.PARSE_ERROR, "message longer than " + MAX_LINE + " bytes", null)));
                    } else if (blank(message)) {
                        continue;
                    } else if (startsSession(message)) {
                        write(session.handle(message)); // the handshake completes before anything after it runs
                    } else {
                        pool.submit(() -> {
                            write(session.handle(message));
                            return null;
                        });
                    }
                }
            }
            pool.shutdown();
            try {
                pool.awaitTermination(SharedTools.MAX_WAIT_SECONDS + 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write(JsonNode reply) throws IOException {
        if (reply == null) return;
        byte[] bytes = JsonRpc.bytes(reply);
        synchronized (writeLock) {
            out.write(bytes);
            out.write('\n');
            out.flush();
        }
    }

    /** Whether the line is the initialize request (cheap test; the session parses it properly). */
    private static boolean startsSession(byte[] line) {
        return new String(line, java.nio.charset.StandardCharsets.UTF_8).contains("\"initialize\"");
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) if (b != ' ' && b != '\t' && b != '\r') return false;
        return true;
    }
}
