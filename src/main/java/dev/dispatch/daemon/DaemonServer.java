package dev.dispatch.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP side of the daemon: Jetty 12 core (no servlets) on a Unix socket (0600 in a 0700
 * directory) and, unless disabled, on 127.0.0.1. Handlers run on virtual threads, so blocking code
 * (engine calls, SSE writes) costs no platform thread per connection.
 */
final class DaemonServer {
    // JUL keeps loggers weakly: hold the reference so the level sticks. Jetty's INFO chatter is noise.
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

    private final Server server;
    private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";
    private final UnixDomainServerConnector unix;
    private final ServerConnector tcp;
    private final SseHub hub;
    private final Activity activity;

    private DaemonServer(
            Server server, UnixDomainServerConnector unix, ServerConnector tcp, SseHub hub, Activity activity) {
        this.server = server;
        this.unix = unix;
        this.tcp = tcp;
        this.hub = hub;
        this.activity = activity;
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

    /** Binds both listeners and starts serving; {@code handler} gets the bound TCP port (0 when none). */
    static DaemonServer start(ServerConfig cfg, SseHub hub, java.util.function.IntFunction<ApiHandler> handler)
            throws Exception {
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
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        // Paths are matched raw against the route table and never touch a file system, so ids may hold
        // percent-encoded '/' and '..' (the id "a/../b" is data, not navigation), and '\' or a control
        // character: the route table refuses those by name (Route.printable), not Jetty with a bare 400.
        http.setUriCompliance(UriCompliance.from(Set.of(
                UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING)));
        HttpConnectionFactory factory = new HttpConnectionFactory(http);

        secureDir(cfg.socket().getParent());
        UnixDomainServerConnector unix = new UnixDomainServerConnector(server, factory);
        unix.setUnixDomainPath(cfg.socket());
        unix.setIdleTimeout(cfg.limits().idleTimeout().toMillis());
        Activity activity = new Activity();
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
        int port = tcp == null ? 0 : tcp.getLocalPort();
        server.setHandler(new GracefulHandler(handler.apply(port)));
        server.start();
        Files.setPosixFilePermissions(cfg.socket(), PosixFilePermissions.fromString("rw-------"));
        return new DaemonServer(server, unix, tcp, hub, activity);
    }

    /** Makes (or tightens) the socket's directory to 0700 so no other user can reach the socket. */
    static void secureDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    int port() {
        return tcp == null ? 0 : tcp.getLocalPort();
    }

    Path socket() {
        return unix.getUnixDomainPath();
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
     * Graceful stop: 1) end event streams (after what they have queued), 2) stop accepting and wait
     * for in-flight requests (up to the stop timeout), 3) release the listeners.
     */
    void stop() {
        hub.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("server did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
