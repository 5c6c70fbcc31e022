package dev.dispatch.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small HTTP/1.1 client over the daemon's Unix socket, JDK only ({@code java.net.http} cannot do
 * Unix sockets; Jetty's client costs ~577 ms cold, ARCHITECTURE.md §3). One keep-alive connection,
 * used by one caller at a time; it reconnects once when the daemon closed an idle connection. Requests
 * go through {@link NativeSocket} when its library is loaded (the JDK's first Unix socket costs ~15 ms),
 * else through the JDK's {@code SocketChannel}; so do streams (an attached run's events).
 */
public final class UnixHttp implements AutoCloseable {
    /** A complete response; header names are lower-cased. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Path socket;
    private final boolean nativeSocket;
    private Conn conn;
    /** Whether {@link #conn} has carried an exchange: only such a connection may have gone idle and be retried. */
    private boolean used;

    public UnixHttp(Path socket) {
        this(socket, NativeSocket.available());
    }

    /** {@code nativeSocket}: requests through {@link NativeSocket} (its library must be loaded). */
    UnixHttp(Path socket, boolean nativeSocket) {
        this.socket = socket;
        this.nativeSocket = nativeSocket;
    }

    /**
     * Which socket requests go through, for {@code dispatch doctor}: the library the launcher named in
     * {@code dispatch.native} (null: none) and whether it loaded.
     */
    public record Transport(String library, boolean loaded) {
        public static Transport current() {
            return new Transport(System.getProperty(NativeSocket.PROPERTY), NativeSocket.available());
        }
    }

    /**
     * Whether a one-shot should {@link #warmUp} the JDK's Unix sockets: not when requests go through
     * {@link NativeSocket}.
     */
    public static boolean needsWarmUp() {
        return !NativeSocket.available();
    }

    public Path socket() {
        return socket;
    }

    /**
     * Connects now rather than at the first {@link #send}, so that a refused connection (nobody listens)
     * is told apart from a failed exchange. A connection refused or a missing socket is the {@link IOException}.
     */
    public synchronized void connect() throws IOException {
        if (conn == null) {
            conn = open();
            used = false;
        }
    }

    /**
     * Runs the JDK's one-time set-up of Unix sockets by opening and closing an unconnected one: the first
     * open initializes {@code UnixDomainSockets}, which seeds a {@code NativePRNGNonBlocking}
     * {@code SecureRandom} (for names of unbound sockets) and so loads the security properties, the
     * provider list and the {@code SUN} provider, ~15 ms, more than the whole exchange with the daemon.
     * A one-shot command calls this on a second thread while it reads its arguments; its own
     * {@link #connect} then shares the set-up (the JVM initializes each class once, and a thread that
     * needs a class another thread is initializing waits for it).
     */
    public static void warmUp() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException ignored) {
            // the real connection will report whatever is wrong
        }
    }

    /** Sends one request and reads the whole response. {@code body} null sends none. */
    public synchronized Response send(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        boolean fresh = conn == null || !used;
        if (conn == null) conn = open();
        try {
            Response r = exchange(conn, method, target, headers, body);
            used = conn != null;
            return r;
        } catch (IOException e) {
            closeConn();
            if (fresh) throw e;
            conn = open(); // the daemon may have closed an idle keep-alive connection: retry once, fresh
            Response r = exchange(conn, method, target, headers, body);
            used = conn != null;
            return r;
        }
    }

    private Response exchange(Conn c, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        writeRequest(c.out, method, target, headers, body);
        Head head = readHead(c.in);
        byte[] content = readBody(c.in, head);
        if ("close".equalsIgnoreCase(head.headers.get("connection"))) closeConn();
        return new Response(head.status, head.headers, content);
    }

    /**
     * Opens a dedicated connection for a streaming response (SSE): returns the status, headers and
     * the body as a stream (de-chunked). The reading thread closes the stream; another thread ends it
     * with {@link Stream#abort} (the reader then sees end of input).
     */
    public Stream stream(String target, Map<String, String> headers) throws IOException {
        Conn c = open();
        try {
            writeRequest(c.out, "GET", target, headers, null);
            Head head = readHead(c.in);
            InputStream body =
                    "chunked".equalsIgnoreCase(head.headers.get("transfer-encoding")) ? new ChunkedInput(c.in) : c.in;
            return new Stream(head.status, head.headers, body, c.closer, c.waker);
        } catch (IOException e) {
            c.closer.close();
            throw e;
        }
    }

    /**
     * A streaming response. {@link #close()} releases the connection (the reading thread's job);
     * {@link #abort()}, from any thread, wakes a read blocked on it with end of input.
     */
    public record Stream(
            int status, Map<String, String> headers, InputStream body, Closeable connection, Closeable waker)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            connection.close();
        }

        /** Ends the stream from another thread: a blocked read returns end of input (or fails), never hangs. */
        public void abort() throws IOException {
            waker.close();
        }
    }

    private Conn open() throws IOException {
        if (!nativeSocket) return openChannel();
        NativeSocket s = NativeSocket.connect(socket);
        return new Conn(s, s::shutdown, new BufferedInputStream(s.in(), 16 * 1024), s.out());
    }

    private Conn openChannel() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        // a channel's close wakes a read blocked on it in another thread: it is its own waker
        return new Conn(
                ch, ch, new BufferedInputStream(Channels.newInputStream(ch), 16 * 1024), Channels.newOutputStream(ch));
    }

    /**
     * A connection: {@code closer} (the {@link NativeSocket} or the {@link SocketChannel}) releases it;
     * {@code waker} ends a read blocked on it in another thread.
     */
    private record Conn(Closeable closer, Closeable waker, InputStream in, OutputStream out) {}

    private record Head(int status, Map<String, String> headers) {}

    private static void writeRequest(
            OutputStream out, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (var h : headers.entrySet())
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        if (body != null) {
            sb.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = body == null ? head : concat(head, body);
        out.write(all);
        out.flush();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Head readHead(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) throw new IOException("daemon closed the connection before answering");
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1."))
            throw new IOException("not an HTTP response: " + status);
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon > 0)
                headers.put(
                        lower(l.substring(0, colon).strip()),
                        l.substring(colon + 1).strip());
        }
        return new Head(code, headers);
    }

    private static byte[] readBody(InputStream in, Head head) throws IOException {
        if ("chunked".equalsIgnoreCase(head.headers.get("transfer-encoding"))) {
            return new ChunkedInput(in).readAllBytes();
        }
        String len = head.headers.get("content-length");
        if (len != null) {
            int n = Integer.parseInt(len);
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw new IOException("response truncated: " + b.length + " of " + n + " bytes");
            return b;
        }
        return in.readAllBytes(); // no length: the body ends with the connection
    }

    /** A header name in lower case: names are ASCII, and {@code Locale} would cost a one-shot its set-up (~1 ms). */
    static String lower(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = name.toCharArray();
                for (int j = i; j < out.length; j++) if (out[j] >= 'A' && out[j] <= 'Z') out[j] += 'a' - 'A';
                return new String(out);
            }
        }
        return name;
    }

    /** One CRLF-terminated line (without the CRLF), or null at end of stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c == -1 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    private void closeConn() {
        used = false;
        if (conn == null) return;
        try {
            conn.closer.close();
        } catch (IOException ignored) {
            // already broken; a fresh connection follows
        }
        conn = null;
    }

    @Override
    public synchronized void close() {
        closeConn();
    }
}
