package dev.dispatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When {@link UnixHttp} may send a request again: only on a keep-alive connection that already carried
 * an exchange (the daemon may have closed it while idle), never on a connection opened for this
 * request, whether by {@link UnixHttp#connect} or by {@code send} itself — a one-shot command relies on
 * that to never run an op twice. Real Unix sockets, a scripted server.
 */
class UnixHttpTest {
    /** How the scripted server treats each connection. */
    enum Script { ANSWER_ONCE_THEN_CLOSE, CLOSE_WITHOUT_ANSWER }

    @Test
    void aRefusedOrMissingSocketIsAnIOExceptionAtConnect() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "uh-");
        try (UnixHttp http = new UnixHttp(dir.resolve("none.sock"))) {
            assertThatThrownBy(http::connect).isInstanceOf(IOException.class);
        }
        Files.createFile(dir.resolve("plain.sock")); // a file where a socket should be: nobody listens
        try (UnixHttp http = new UnixHttp(dir.resolve("plain.sock"))) {
            assertThatThrownBy(http::connect).isInstanceOf(IOException.class);
        }
        Files.delete(dir.resolve("plain.sock"));
        Files.delete(dir);
    }

    @Test
    void aConnectionOpenedForTheRequestIsNeverRetried() throws Exception {
        try (Server server = new Server(Script.CLOSE_WITHOUT_ANSWER)) {
            try (UnixHttp http = new UnixHttp(server.socket)) {
                http.connect();
                assertThatThrownBy(() -> http.send("POST", "/v1/x", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOf(IOException.class);
            }
            try (UnixHttp http = new UnixHttp(server.socket)) { // opened by send itself
                assertThatThrownBy(() -> http.send("POST", "/v1/x", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOf(IOException.class);
            }
            // the server counts a request before it closes that connection, and a send fails only after
            // seeing the close, so a retried request would already be counted here
            assertThat(server.requests.get()).as("one request per send, none repeated").isEqualTo(2);
        }
    }

    @Test
    void anIdleKeepAliveConnectionTheServerClosedIsRetriedOnceFresh() throws Exception {
        try (Server server = new Server(Script.ANSWER_ONCE_THEN_CLOSE); UnixHttp http = new UnixHttp(server.socket)) {
            assertThat(http.send("GET", "/v1/a", Map.of(), null).status()).isEqualTo(200);
            assertThat(http.send("GET", "/v1/b", Map.of(), null).status()).isEqualTo(200); // on a new connection
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    /** A Unix-socket server that reads requests and follows its script on every connection. */
    static final class Server implements AutoCloseable {
        final Path dir;
        final Path socket;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocketChannel channel;

        Server(Script script) throws IOException {
            dir = Files.createTempDirectory(Path.of("/tmp"), "uh-");
            socket = dir.resolve("s.sock");
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> serve(script), "uh-server");
            t.setDaemon(true);
            t.start();
        }

        private void serve(Script script) {
            while (channel.isOpen()) {
                try (SocketChannel ch = channel.accept()) {
                    connections.incrementAndGet();
                    InputStream in = Channels.newInputStream(ch);
                    readRequest(in);
                    requests.incrementAndGet();
                    if (script == Script.ANSWER_ONCE_THEN_CLOSE) {
                        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                        Channels.newOutputStream(ch).write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n{}")
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Reads one request's head and its declared body. */
        private static void readRequest(InputStream in) throws IOException {
            int length = 0;
            for (String line = UnixHttp.line(in); line != null && !line.isEmpty(); line = UnixHttp.line(in)) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
            }
            in.readNBytes(length);
        }

        @Override
        public void close() throws IOException {
            channel.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
