package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in owner for CLI tests: listens on the data dir's real Unix socket, registers itself in
 * {@code daemon.json} as a live daemon, records every request but health checks, and answers each
 * with the status and body set last. It shows exactly what a client sent, which the real daemon's
 * answers would hide.
 */
final class RecordingOwner implements AutoCloseable {
    /** One request as received: method, target (path and query) and body text. */
    record Request(String method, String target, String body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread acceptor;
    private volatile int status = 200;
    private volatile String body = "{\"ok\":true}";

    RecordingOwner(Dirs dirs) throws IOException {
        Files.createDirectories(dirs.runtime());
        Files.createDirectories(dirs.state());
        Files.writeString(dirs.operatorToken(), "test-operator-token");
        socket = dirs.socket();
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dirs.socket()));
        new DaemonInfo(
                        ProcessHandle.current().pid(),
                        dirs.socket().toString(),
                        0,
                        "test",
                        dirs.data().toString(),
                        Instant.now(),
                        DaemonInfo.DAEMON)
                .write(dirs.runtime());
        acceptor = new Thread(this::accept, "recording-owner");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers from now on with {@code status} and {@code body}. */
    void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch), "recording-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            for (String line = line(in); line != null; line = line(in)) {
                String[] start = line.split(" ");
                int length = 0;
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    if (h.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                        length = Integer.parseInt(h.substring(15).strip());
                }
                String content = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                boolean health = start[1].equals("/v1/health");
                if (!health) requests.add(new Request(start[0], start[1], content));
                byte[] answer =
                        (health ? "{\"status\":\"ok\",\"version\":\"test\"}" : body).getBytes(StandardCharsets.UTF_8);
                int code = health ? 200 : status;
                out.write(("HTTP/1.1 " + code + " X\r\nContent-Type: application/json\r\nContent-Length: "
                                + answer.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') if (c != '\r') b.write(c);
        return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
