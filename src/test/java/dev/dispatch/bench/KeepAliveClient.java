package dev.dispatch.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The daemon bench's client: HTTP/1.1 over one blocking loopback TCP connection kept alive, one
 * request at a time, used by one thread. It writes a request line, Host, Authorization, Content-Type
 * and Content-Length, and reads the status line, the headers and a Content-Length or chunked body.
 * With {@code java.net.http} the bench's clients spent 515-882 µs of CPU per claim → complete cycle
 * (two requests; its selector thread, futures and header maps), more than the daemon's answers, on the
 * same 2 cores; with this one 50-80 µs (a write, a read and a parse per request), so the figure is the
 * daemon's. It is real HTTP on a real socket: the daemon cannot tell it from any other client.
 */
final class KeepAliveClient implements AutoCloseable {
    /** A response: its status and body (UTF-8). */
    record Response(int status, String body) {}

    private final SocketChannel ch;
    private final byte[] head;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    KeepAliveClient(int port, String token) throws IOException {
        ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        head = ("Host: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
        in.flip();
    }

    /** The last {@code Mcp-Session-Id} response header seen on this connection (McpBench), or null. */
    String sessionId;

    /** POSTs {@code json} to {@code path} and reads the whole response. */
    Response post(String path, String json) throws IOException {
        return post(path, json, "");
    }

    /** As {@link #post(String, String)} with {@code extra} header lines (each ending in CRLF) first. */
    Response post(String path, String json, String extra) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] line = ("POST " + path + " HTTP/1.1\r\n" + extra).getBytes(StandardCharsets.US_ASCII);
        byte[] len = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(line.length + head.length + len.length + body.length);
        out.put(line).put(head).put(len).put(body).flip();
        while (out.hasRemaining()) ch.write(out);
        return read();
    }

    private Response read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) throw new IOException("not an HTTP/1.1 status line: '" + status + "'");
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).strip();
            String value = h.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) length = Integer.parseInt(value);
            else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
            else if (name.equalsIgnoreCase("Mcp-Session-Id")) sessionId = value;
        }
        if (chunked) {
            StringBuilder b = new StringBuilder();
            for (int n = Integer.parseInt(line().strip(), 16); n > 0; n = Integer.parseInt(line().strip(), 16)) {
                b.append(new String(bytes(n), StandardCharsets.UTF_8));
                line(); // the CRLF after each chunk
            }
            line(); // the empty trailer
            return new Response(code, b.toString());
        }
        if (length < 0) throw new IOException("response without Content-Length or chunked body; status " + code);
        return new Response(code, new String(bytes(length), StandardCharsets.UTF_8));
    }

    /** One header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            if (!in.hasRemaining()) fill();
            byte c = in.get();
            if (c == '\n') {
                int end = b.length();
                if (end > 0 && b.charAt(end - 1) == '\r') b.setLength(end - 1);
                return b.toString();
            }
            b.append((char) c);
        }
    }

    private byte[] bytes(int n) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (!in.hasRemaining()) fill();
            int take = Math.min(n - got, in.remaining());
            in.get(out, got, take);
            got += take;
        }
        return out;
    }

    private void fill() throws IOException {
        in.clear();
        int n = ch.read(in);
        in.flip();
        if (n < 0) throw new IOException("the daemon closed the connection");
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
