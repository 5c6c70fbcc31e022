package dev.dispatch.daemon;

import dev.dispatch.app.EngineHost;
import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.mcp.McpServer;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.DaemonOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running daemon: owns the data directory's engine, serves it over the socket and loopback port,
 * and advertises itself in the registry file. Start refuses when another daemon is alive, and cleans
 * up the socket and registry of a dead one. Stop is graceful and idempotent. An interactive session
 * that hosts the engine serves through the same class ({@link SessionServer}) with its own kind; the
 * API's stop route then refuses, since only the session itself may end.
 */
public final class Daemon {
    private final Dirs dirs;
    private final DaemonServer server;
    private final AutoCloseable owned;
    private final DaemonLog log;
    private final Instant startedAt;
    private final String operatorToken;
    private final String kind;
    private final Lifetime lifetime;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    private Daemon(
            Dirs dirs,
            DaemonServer server,
            AutoCloseable owned,
            DaemonLog log,
            Instant startedAt,
            String token,
            String kind,
            Lifetime lifetime) {
        this.dirs = dirs;
        this.server = server;
        this.owned = owned;
        this.log = log;
        this.startedAt = startedAt;
        this.operatorToken = token;
        this.kind = kind;
        this.lifetime = lifetime;
    }

    /** Opens the store in {@code dirs} as its owner and serves it until stopped. */
    public static Daemon start(Dirs dirs, ServerConfig cfg, String version, DaemonLog log) {
        return start(dirs, cfg, version, log, Lifetime.UNTIL_STOPPED);
    }

    /** As {@link #start(Dirs, ServerConfig, String, DaemonLog)}, living as long as {@code lifetime} says. */
    public static Daemon start(Dirs dirs, ServerConfig cfg, String version, DaemonLog log, Lifetime lifetime) {
        claim(dirs, cfg.socket());
        EngineHost host;
        try {
            host = Engines.host(dirs, System.getenv(), cfg.socket());
        } catch (EngineException e) {
            throw e; // already says who holds the data dir
        } catch (RuntimeException e) {
            throw new EngineException(
                    ErrorCode.BUSY, "cannot open the data dir " + dirs.data() + ": " + e.getMessage(), e);
        }
        return serve(dirs, cfg, version, log, Backend.of(host), host, DaemonInfo.DAEMON, lifetime);
    }

    /** Serves {@code backend} (already open); {@code owned} is closed last when the daemon stops. */
    public static Daemon serve(
            Dirs dirs, ServerConfig cfg, String version, DaemonLog log, Backend backend, AutoCloseable owned) {
        return serve(dirs, cfg, version, log, backend, owned, DaemonInfo.DAEMON, Lifetime.UNTIL_STOPPED);
    }

    /** As {@link #serve(Dirs, ServerConfig, String, DaemonLog, Backend, AutoCloseable)} for an owner of {@code kind}. */
    static Daemon serve(
            Dirs dirs,
            ServerConfig cfg,
            String version,
            DaemonLog log,
            Backend backend,
            AutoCloseable owned,
            String kind) {
        return serve(dirs, cfg, version, log, backend, owned, kind, Lifetime.UNTIL_STOPPED);
    }

    private static Daemon serve(
            Dirs dirs,
            ServerConfig cfg,
            String version,
            DaemonLog log,
            Backend backend,
            AutoCloseable owned,
            String kind,
            Lifetime lifetime) {
        claim(dirs, cfg.socket());
        Instant startedAt = Instant.now();
        try {
            String token = OperatorToken.ensure(dirs.operatorToken());
            Metrics metrics = new Metrics();
            if (backend.routes().has(CoordOps.ShowQueueStats.class)) {
                metrics.queues(
                        new QueueMetrics(backend.engine(), backend.journal().spaces()));
            }
            long from = backend.journal().newest(); // the hub, built with Jetty, counts events from here
            Daemon[] self = new Daemon[1];
            Control control = new Control() {
                public DaemonOps.DaemonStatusResult status() {
                    return self[0].status(version);
                }

                public String degraded() {
                    return backend.trouble().get();
                }

                public void requestStop() {
                    if (!DaemonInfo.DAEMON.equals(kind)) {
                        throw new EngineException(
                                ErrorCode.CONFLICT,
                                "the socket is served by a "
                                        + DaemonInfo.describeKind(kind) + " (pid "
                                        + ProcessHandle.current().pid()
                                        + "), not a daemon: it stops serving when that session ends");
                    }
                    Thread.ofPlatform().name("daemon-stop").start(self[0]::stop);
                }
            };
            Authenticator auth = new Authenticator(token, backend.agentTokens());
            DaemonServer server = DaemonServer.start(
                    cfg,
                    () -> new SseHub(backend.live(), backend.journal(), from, metrics, log, cfg.limits()),
                    (hub, port) -> new ApiHandler(
                            backend.routes(),
                            backend.engine(),
                            auth,
                            new Guard(port),
                            new EventEndpoint(hub, cfg.limits().maxSseClients()),
                            new McpEndpoint(new McpServer(version), backend.engine(), new Guard(port), cfg.limits()),
                            metrics,
                            log,
                            cfg.limits(),
                            control,
                            version),
                    log);
            metrics.gauge("dispatch_uptime_seconds", "Seconds since the daemon started.", () -> Duration.between(
                            startedAt, Instant.now())
                    .toSeconds());
            Daemon d = new Daemon(dirs, server, owned, log, startedAt, token, kind, lifetime);
            self[0] = d;
            new DaemonInfo(
                            ProcessHandle.current().pid(),
                            server.socket().toString(),
                            server.port(),
                            version,
                            dirs.data().toString(),
                            startedAt,
                            kind)
                    .write(dirs.runtime());
            log.info(
                    "started",
                    kind + " pid " + ProcessHandle.current().pid() + ", socket " + server.socket() + ", port "
                            + (server.port() == 0 ? "none" : server.port()) + ", data " + dirs.data()
                            + (lifetime.idleExit() == null
                                    ? ""
                                    : (lifetime.autostarted() ? ", auto-started" : "") + ", exits after "
                                            + lifetime.idleExitSeconds() + " s idle"));
            IdleTrim.startIfAsked(server);
            if (lifetime.idleExit() != null) {
                new IdleExit(
                                lifetime.idleExit(),
                                server,
                                dirs.runtime(),
                                cfg.limits().idleTimeout(),
                                d::stop,
                                log)
                        .start(backend.live());
            }
            return d;
        } catch (Exception e) {
            closeQuietly(owned);
            if (e instanceof EngineException ee) throw ee;
            throw new EngineException(ErrorCode.INTERNAL, "daemon failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses when a live daemon is registered; removes a dead one's registry and socket; refuses a
     * socket some other live process answers on.
     */
    static void claim(Dirs dirs, Path socket) {
        try {
            DaemonServer.secureDir(dirs.runtime());
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            if (info != null
                    && info.alive()
                    && info.pid() != ProcessHandle.current().pid()) {
                String how = info.byDaemon() ? "stop it with 'dispatch daemon stop'" : "end that session first";
                throw new EngineException(
                        ErrorCode.BUSY,
                        "a " + info.describeKind() + " is already running (pid " + info.pid() + ", socket "
                                + info.socket() + ", data dir " + info.dataDir() + "); " + how);
            }
            if (info != null && !info.alive()) {
                Files.deleteIfExists(dirs.runtime().resolve(DaemonInfo.FILE));
                if (info.socket() != null) Files.deleteIfExists(Path.of(info.socket()));
            }
            if (Files.exists(socket)) {
                if (answers(socket)) {
                    throw new EngineException(
                            ErrorCode.BUSY,
                            "socket " + socket + " is in use by another process;" + " stop it or pass --socket PATH");
                }
                Files.delete(socket); // stale: left by a process that died without cleaning up
            }
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot prepare " + dirs.runtime() + ": " + e.getMessage(), e);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    DaemonOps.DaemonStatusResult status(String version) {
        return new DaemonOps.DaemonStatusResult(
                ProcessHandle.current().pid(),
                server.socket().toString(),
                server.port(),
                version,
                dirs.data().toString(),
                startedAt,
                Duration.between(startedAt, Instant.now()).toSeconds(),
                kind,
                lifetime.autostarted(),
                lifetime.idleExitSeconds());
    }

    public int port() {
        return server.port();
    }

    public Path socket() {
        return server.socket();
    }

    public String operatorToken() {
        return operatorToken;
    }

    /** Graceful: streams end, in-flight requests finish, the store closes cleanly, the registry goes. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            log.info("stopping", "finishing in-flight requests and closing streams");
            server.stop();
            closeQuietly(owned);
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            if (info != null && info.pid() == ProcessHandle.current().pid()) {
                Files.deleteIfExists(dirs.runtime().resolve(DaemonInfo.FILE));
            }
            Files.deleteIfExists(server.socket());
            log.info("stopped", "store closed");
        } catch (IOException | RuntimeException e) {
            log.error("stop_failed", null, e);
        } finally {
            stopped.countDown();
        }
    }

    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) c.close();
        } catch (Exception ignored) {
            // closing after a failure: the failure is what gets reported
        }
    }
}
