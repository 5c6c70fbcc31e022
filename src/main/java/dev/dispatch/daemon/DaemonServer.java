package dev.dispatch.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP side of the daemon: Jetty 12 core (no servlets) on a Unix socket (0600 in a 0700 directory)
 * and, unless disabled, on 127.0.0.1. Handlers run on virtual threads, so blocking code (engine calls,
 * SSE writes) costs no platform thread per connection.
 *
 * <p>The Unix socket is bound and accepted by the JDK's own channel, and each connection is handed to
 * Jetty's selector. Without a TCP port, Jetty, the event hub and the request handler (with the MCP
 * server) are built at the first connection (issue #19): a {@code dispatch run} or a workbench that
 * serves its socket, and a daemon nobody has asked anything yet, never load them (~320 classes, a
 * journal poll every 50 ms, Jetty's threads). Jetty's own Unix connector, which the selector belongs to,
 * listens on a side path in the same 0700 directory that is unlinked once bound, so nothing reaches it.
 */
final class DaemonServer {
    // JUL keeps loggers weakly: hold the reference so the level sticks. Jetty's INFO chatter is noise.
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");
    private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /** Jetty and what it serves, once started. */
    private record Http(Server server, SelectorManager selectors, ServerConnector tcp, SseHub hub) {}

    private final ServerConfig cfg;
    private final Supplier<SseHub> hubs;
    private final BiFunction<SseHub, Integer, ApiHandler> handlers;
    private final DaemonLog log;
    private final ServerSocketChannel listener;
    private final Activity activity = new Activity();
    private final Thread acceptor;
    private Http http; // guarded by this; null until started
    private boolean stopped; // guarded by this

    private DaemonServer(
            ServerConfig cfg,
            Supplier<SseHub> hubs,
            BiFunction<SseHub, Integer, ApiHandler> handlers,
            DaemonLog log,
            ServerSocketChannel listener) {
        this.cfg = cfg;
        this.hubs = hubs;
        this.handlers = handlers;
        this.log = log;
        this.listener = listener;
        this.acceptor = Thread.ofPlatform().daemon().name("daemon-accept").unstarted(this::acceptLoop);
    }

    /**
     * Open connections on both listeners and when one last opened or closed: what an auto-started daemon's
     * {@link IdleExit} calls activity. Every request and event stream runs on an open connection.
     */
    static final class Activity implements Connection.Listener {
        private final AtomicInteger open = new AtomicInteger();
        private volatile long last = System.nanoTime();

        @Override
        public void onOpened(Connection connection) {
            open.incrementAndGet();
            last = System.nanoTime();
        }

        @Override
        public void onClosed(Connection connection) {
            open.decrementAndGet();
            last = System.nanoTime();
        }
    }

    /**
     * Binds the Unix socket (and the TCP port, starting Jetty at once, when there is one) and starts
     * accepting. {@code hubs} makes the event hub and {@code handlers} the request handler for it and the
     * bound TCP port (0 when none), each once, when Jetty starts.
     */
    static DaemonServer start(
            ServerConfig cfg, Supplier<SseHub> hubs, BiFunction<SseHub, Integer, ApiHandler> handlers, DaemonLog log)
            throws Exception {
        secureDir(cfg.socket().getParent());
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        DaemonServer s;
        try {
            listener.bind(UnixDomainSocketAddress.of(cfg.socket()));
            Files.setPosixFilePermissions(cfg.socket(), PosixFilePermissions.fromString("rw-------"));
            s = new DaemonServer(cfg, hubs, handlers, log, listener);
            if (cfg.port() != ServerConfig.NO_PORT) s.http(); // the port is known before anyone connects
        } catch (Exception e) {
            listener.close();
            Files.deleteIfExists(cfg.socket());
            throw e;
        }
        s.acceptor.start();
        return s;
    }

    /** Jetty, started on first use; null once stopped. */
    private synchronized Http http() throws Exception {
        if (stopped) return null;
        if (http == null) http = startJetty();
        return http;
    }

    private Http startJetty() throws Exception {
        JETTY_LOG.setLevel(Level.WARNING);
        // Jetty's MemoryUtils asks the platform MBean server whether oops are compressed unless told,
        // which starts JMX (~140 classes) in every session that serves its socket. 64-byte cache
        // lines over 4-byte references: the figure only pads its queues.
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("daemon");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        server.setStopTimeout(10_000);
        server.setErrorHandler(new JsonErrors());
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(16 * 1024);
        // Paths are matched raw against the route table and never touch a file system, so ids may hold
        // percent-encoded '/' and '..' (the id "a/../b" is data, not navigation), and '\' or a control
        // character: the route table refuses those by name (Route.printable), not Jetty with a bare 400.
        config.setUriCompliance(UriCompliance.from(Set.of(
                UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING)));
        HttpConnectionFactory factory = new HttpConnectionFactory(config);

        // no acceptor thread: the side path is unlinked below, connections come from acceptLoop
        Path side = cfg.socket().resolveSibling(".j");
        Files.deleteIfExists(side); // a crashed owner's (one owner per runtime dir)
        UnixDomainServerConnector unix = new UnixDomainServerConnector(server, 0, -1, factory);
        unix.setUnixDomainPath(side);
        unix.setIdleTimeout(cfg.limits().idleTimeout().toMillis());
        unix.addBean(activity);
        server.addConnector(unix);
        ServerConnector tcp = null;
        if (cfg.port() != ServerConfig.NO_PORT) {
            tcp = new ServerConnector(server, factory);
            tcp.setHost("127.0.0.1");
            tcp.setPort(cfg.port());
            tcp.setIdleTimeout(cfg.limits().idleTimeout().toMillis());
            tcp.addBean(activity);
            server.addConnector(tcp);
            tcp.open(); // bind now so a picked port is known before the handler is built
        }
        SseHub hub = hubs.get();
        try {
            server.setHandler(new GracefulHandler(handlers.apply(hub, tcp == null ? 0 : tcp.getLocalPort())));
            server.start();
        } catch (Exception e) {
            hub.close();
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start's failure is what gets reported
            }
            throw e;
        } finally {
            Files.deleteIfExists(side);
        }
        return new Http(server, unix.getBean(SelectorManager.class), tcp, hub);
    }

    /** Accepts on the Unix socket until it is closed, handing each connection to Jetty (started at the first). */
    private void acceptLoop() {
        while (true) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                if (!listener.isOpen()) return;
                log.error("accept_failed", null, e);
                continue;
            }
            activity.last = System.nanoTime(); // activity from the accept on, while Jetty may still be starting
            try {
                Http h = http();
                if (h == null) {
                    ch.close(); // stopping
                    continue;
                }
                ch.configureBlocking(false);
                h.selectors().accept(ch);
            } catch (Exception e) {
                log.error("serve_failed", null, e);
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the failure above is what gets reported
                }
            }
        }
    }

    /** Makes (or tightens) the socket's directory to 0700 so no other user can reach the socket. */
    static void secureDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    synchronized int port() {
        return http == null || http.tcp() == null ? 0 : http.tcp().getLocalPort();
    }

    Path socket() {
        return cfg.socket();
    }

    /** Whether Jetty has started (a TCP port, or someone connected to the socket). */
    synchronized boolean serving() {
        return http != null;
    }

    /** Connections open now (requests in flight, keep-alive connections, event streams). */
    int openConnections() {
        return activity.open.get();
    }

    /** {@link System#nanoTime} when a connection last opened or closed (or the server started). */
    long lastActivity() {
        return activity.last;
    }

    /**
     * Graceful stop: 1) stop accepting, 2) end event streams (after what they have queued), 3) wait for
     * in-flight requests (up to the stop timeout) and release the listeners.
     */
    void stop() {
        Http h;
        synchronized (this) {
            stopped = true;
            h = http;
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing: nothing more can be accepted either way
        }
        if (h == null) return;
        h.hub().close();
        try {
            h.server().stop();
        } catch (Exception e) {
            throw new IllegalStateException("server did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
