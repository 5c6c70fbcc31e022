package dev.dispatch.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A client connection to a Unix socket through a small JNI library ({@code src/main/c/dispatch_socket.c}),
 * for the one-shot commands' exchange with the daemon. The JDK's first Unix socket costs ~15 ms, most of
 * a one-shot's own work: {@code UnixDomainSockets} seeds a {@code SecureRandom} when it initializes, which
 * loads the security properties, the provider list and the {@code SUN} provider. The library costs ~1 ms.
 *
 * <p>The launcher names the library in the system property {@value #PROPERTY} when install.sh could build
 * it (it needs a C compiler); without it, or when it does not load, {@link UnixHttp} uses the JDK's
 * {@code SocketChannel} and nothing else changes. Blocking reads and writes; another thread ends a blocked
 * read with {@link #shutdown} (an attached run's event stream), never with {@link #close}, which would leave
 * the read blocked and could free the descriptor's number while it is still being read.
 */
final class NativeSocket implements Closeable {
    /** System property with the library's absolute path. */
    static final String PROPERTY = "dispatch.native";

    private static final Object LOCK = new Object();
    /** The library is in this JVM. */
    private static boolean loaded;
    /** Whether the launcher's library loaded; null until first asked. */
    private static Boolean configured;

    private final Path path;
    private int fd;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    private NativeSocket(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Whether the library the launcher named in {@value #PROPERTY} is loaded (tried once per process):
     * what {@link UnixHttp} uses by default. A library {@link #load}ed otherwise (tests) does not count.
     */
    static boolean available() {
        synchronized (LOCK) {
            if (configured == null) {
                String lib = System.getProperty(PROPERTY);
                configured = lib != null && !lib.isEmpty() && load(Path.of(lib));
            }
            return configured;
        }
    }

    /** Loads the library from {@code lib}; false when it cannot (missing, another architecture, not a library). */
    static boolean load(Path lib) {
        synchronized (LOCK) {
            if (loaded) return true;
            try {
                System.load(lib.toAbsolutePath().toString());
                loaded = true;
            } catch (UnsatisfiedLinkError | SecurityException e) {
                loaded = false; // the JDK's channel serves instead
            }
            return loaded;
        }
    }

    private static boolean loaded() {
        synchronized (LOCK) {
            return loaded;
        }
    }

    /** Connects to {@code socket}; a missing socket file or nobody listening is the {@link IOException}. */
    static NativeSocket connect(Path socket) throws IOException {
        if (!loaded()) throw new IOException("the native socket library is not loaded");
        int fd = connect0(socket.toString().getBytes(StandardCharsets.UTF_8));
        if (fd < 0) throw failure(-fd, "cannot connect to " + socket);
        return new NativeSocket(socket, fd);
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        if (fd < 0) return;
        int r = close0(fd);
        fd = -1; // released whatever close said: never close a number the process may have reused
        if (r < 0) throw failure(-r, "cannot close the connection to " + path);
    }

    /**
     * Ends the connection for both directions without releasing the descriptor: a read blocked in another
     * thread returns end of input, and the reading thread then {@link #close}s. Idempotent.
     */
    synchronized void shutdown() {
        if (fd >= 0) shutdown0(fd); // fails only for a descriptor that is no longer a connected socket
    }

    private synchronized int open() throws IOException {
        if (fd < 0) throw new IOException("the connection to " + path + " is closed");
        return fd;
    }

    private static IOException failure(int errno, String what) {
        return new IOException(what + ": " + message0(errno));
    }

    private final class In extends InputStream {
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            int n = read0(open(), b, off, len);
            if (n < 0) throw failure(-n, "cannot read from " + path);
            return n == 0 ? -1 : n;
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            int r = write0(open(), b, off, len);
            if (r < 0) throw failure(-r, "cannot write to " + path);
        }
    }

    private static native int connect0(byte[] path);

    private static native int read0(int fd, byte[] buf, int off, int len);

    private static native int write0(int fd, byte[] buf, int off, int len);

    private static native int close0(int fd);

    private static native int shutdown0(int fd);

    private static native String message0(int errno);
}
