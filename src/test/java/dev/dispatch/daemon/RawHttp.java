package dev.dispatch.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a hand-written HTTP/1.1 request over loopback TCP and returns the status and body: the only
 * way to send headers a browser or attacker would (any Host, Origin, Content-Type) that
 * {@code java.net.http} refuses to set.
 */
final class RawHttp {
    record Reply(int status, String head, String body) {}

    private RawHttp() {}

    static Reply send(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (java.net.SocketException e) {
                // a server that refuses a request early (413 on an oversize body) answers and closes before
                // reading the rest: the answer is what the test checks, so read it
            }
            InputStream in = s.getInputStream();
            String all = readHeadAndSome(in);
            int split = all.indexOf("\r\n\r\n");
            String head = split < 0 ? all : all.substring(0, split);
            String body = split < 0 ? "" : all.substring(split + 4);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Reply(status, head, body);
        }
    }

    /** Reads until the peer closes (requests send Connection: close) or 64 KiB. */
    private static String readHeadAndSome(InputStream in) throws IOException {
        byte[] buf = in.readNBytes(64 * 1024);
        return new String(buf, StandardCharsets.UTF_8);
    }

    static String request(String method, String path, String host, String extraHeaders, String body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        if (host != null) sb.append("Host: ").append(host).append("\r\n");
        sb.append(extraHeaders);
        sb.append("Connection: close\r\n");
        if (body != null)
            sb.append("Content-Length: ")
                    .append(body.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n");
        sb.append("\r\n");
        if (body != null) sb.append(body);
        return sb.toString();
    }
}
