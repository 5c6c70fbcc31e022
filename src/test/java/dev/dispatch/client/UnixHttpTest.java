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
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * When {@link UnixHttp} may send a request again: only on a keep-alive connection that already carried
 * an exchange (the daemon may have closed it while idle), never on a connection opened for this
 * request, whether by {@link UnixHttp#connect} or by {@code send} itself — a one-shot command relies on
 * that to never run an op twice. Real Unix sockets, a scripted server; every test runs over the JDK's
 * channel and over {@link NativeSocket} (its library built by {@link NativeBuild}).
 */
// a lost byte would leave both ends waiting; a native read ignores interrupts, so the limit runs on its own thread
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixHttpTest {
    /** How the scripted server treats each connection. */
    enum Script {
        ANSWER_ONCE_THEN_CLOSE,
        CLOSE_WITHOUT_ANSWER,
        ECHO_KEEP_ALIVE
    }

    /** Which socket carries the requests. */
    enum Backend {
        JDK,
        NATIVE;

        UnixHttp client(Path socket) {
            if (this == NATIVE)
                assertThat(NativeSocket.load(NativeBuild.library()))
                        .as("library loads")
                        .isTrue();
            return new UnixHttp(socket, this == NATIVE);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRefusedOrMissingSocketIsAnIOExceptionAtConnectThatNamesTheSocket(Backend backend) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "uh-");
        try (UnixHttp http = backend.client(dir.resolve("none.sock"))) {
            assertThatThrownBy(http::connect)
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertNamed(backend, e, dir.resolve("none.sock"), "No such file or directory"));
        }
        Files.createFile(dir.resolve("plain.sock")); // a file where a socket should be: nobody listens
        try (UnixHttp http = backend.client(dir.resolve("plain.sock"))) {
            assertThatThrownBy(http::connect)
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertNamed(backend, e, dir.resolve("plain.sock"), "Connection refused"));
        }
        Files.delete(dir.resolve("plain.sock"));
        Files.delete(dir);
    }

    /** The native socket's messages name the socket and the system's reason (the JDK's name only the reason). */
    private static void assertNamed(Backend backend, Throwable e, Path socket, String reason) {
        assertThat(e.getMessage()).contains(reason);
        if (backend == Backend.NATIVE) assertThat(e.getMessage()).contains(socket.toString());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aConnectionOpenedForTheRequestIsNeverRetried(Backend backend) throws Exception {
        try (Server server = new Server(Script.CLOSE_WITHOUT_ANSWER)) {
            try (UnixHttp http = backend.client(server.socket)) {
                http.connect();
                assertThatThrownBy(() -> http.send("POST", "/v1/x", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOf(IOException.class);
            }
            try (UnixHttp http = backend.client(server.socket)) { // opened by send itself
                assertThatThrownBy(() -> http.send("POST", "/v1/x", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOf(IOException.class);
            }
            // the server counts a request before it closes that connection, and a send fails only after
            // seeing the close, so a retried request would already be counted here
            assertThat(server.requests.get())
                    .as("one request per send, none repeated")
                    .isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anIdleKeepAliveConnectionTheServerClosedIsRetriedOnceFresh(Backend backend) throws Exception {
        try (Server server = new Server(Script.ANSWER_ONCE_THEN_CLOSE);
                UnixHttp http = backend.client(server.socket)) {
            assertThat(http.send("GET", "/v1/a", Map.of(), null).status()).isEqualTo(200);
            assertThat(http.send("GET", "/v1/b", Map.of(), null).status()).isEqualTo(200); // on a new connection
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @org.junit.jupiter.api.Test
    void headerNamesAreLowerCasedAsAscii() {
        assertThat(UnixHttp.lower("Content-Length")).isEqualTo("content-length");
        assertThat(UnixHttp.lower("x-already-lower")).isEqualTo("x-already-lower");
        assertThat(UnixHttp.lower("X-Ünïcode-Z")).isEqualTo("x-Ünïcode-z"); // only ASCII letters change
        assertThat(UnixHttp.lower("")).isEmpty();
    }

    /** Bodies larger than the native side's 16 KiB copy buffer and than one socket write, both ways, kept alive. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void largeBodiesCrossWholeBothWaysOnOneKeepAliveConnection(Backend backend) throws Exception {
        try (Server server = new Server(Script.ECHO_KEEP_ALIVE);
                UnixHttp http = backend.client(server.socket)) {
            for (int size : new int[] {0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 700_000}) {
                byte[] body = new byte[size];
                for (int i = 0; i < size; i++) body[i] = (byte) (i * 31 + size);
                UnixHttp.Response r = http.send("POST", "/v1/echo", Map.of(), body);
                assertThat(r.status()).isEqualTo(200);
                assertThat(Arrays.equals(r.body(), body))
                        .as("%d bytes echoed unchanged", size)
                        .isTrue();
            }
            assertThat(server.connections.get()).as("one keep-alive connection").isEqualTo(1);
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
                    if (script == Script.ECHO_KEEP_ALIVE) {
                        echo(in, ch);
                        continue;
                    }
                    readRequest(in);
                    requests.incrementAndGet();
                    if (script == Script.ANSWER_ONCE_THEN_CLOSE) {
                        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                        Channels.newOutputStream(ch)
                                .write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n{}")
                                        .getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Answers each request on the connection with its own body, until the client closes it. */
        private void echo(InputStream in, SocketChannel ch) throws IOException {
            for (byte[] body = readRequest(in); body != null; body = readRequest(in)) {
                requests.incrementAndGet();
                var out = Channels.newOutputStream(ch);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            }
        }

        /** Reads one request's head and its declared body; null when the connection ended first. */
        private static byte[] readRequest(InputStream in) throws IOException {
            String first = UnixHttp.line(in);
            if (first == null) return null;
            int length = 0;
            for (String line = UnixHttp.line(in); line != null && !line.isEmpty(); line = UnixHttp.line(in)) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                    length = Integer.parseInt(line.substring(15).strip());
            }
            return in.readNBytes(length);
        }

        @Override
        public void close() throws IOException {
            channel.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
