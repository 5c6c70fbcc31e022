package dev.dispatch.daemon;

import dev.dispatch.app.EngineHost;
import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Subscription;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An interactive session (workbench, chat, run) that hosts the engine in-process and, for as long as it
 * runs, serves the same Unix socket a daemon would (same routes, auth and registry entry; no TCP port),
 * so other shells and agents still reach the store through it (ARCHITECTURE.md §1). Its log lines go to
 * the daemon log file in the state dir, never to the terminal the session draws on. Closing the engine
 * it returns stops serving, removes the socket and registry, and closes the store.
 */
public final class SessionServer {
    private SessionServer() {}

    /**
     * Why this session cannot serve the socket, or null when it can: another live process already
     * serves it (a daemon or session of another data dir sharing the runtime dir). A dead owner's
     * socket and registry are cleaned up on the way.
     */
    public static String conflict(Dirs dirs) {
        try {
            Daemon.claim(dirs, dirs.socket());
            return null;
        } catch (EngineException e) {
            return e.getMessage();
        }
    }

    /**
     * Opens the store as its owner of {@code kind} and serves it on the runtime dir's socket. Refuses
     * (changing nothing) when another owner is alive; a dead one's socket and registry are cleaned up.
     */
    public static Engine host(Dirs dirs, Map<String, String> env, String kind, String version, Path logFile) {
        Daemon.claim(dirs, dirs.socket()); // 1) nobody else serves: refuse before opening anything
        EngineHost host = Engines.host(dirs, env, dirs.socket(), kind); // 2) own the store (busy: says who has it)
        Writer logOut;
        try {
            Files.createDirectories(logFile.getParent());
            logOut = Files.newBufferedWriter(
                    logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            host.close();
            throw new EngineException(
                    ErrorCode.INTERNAL,
                    "cannot open the log " + logFile + ": " + e.getMessage() + " (or run with --no-serve)",
                    e);
        }
        ServerConfig cfg = new ServerConfig(dirs.socket(), ServerConfig.NO_PORT, ServerConfig.Limits.defaults());
        Daemon daemon; // 3) serve; on failure the store is closed again
        try {
            daemon = Daemon.serve(dirs, cfg, version, new DaemonLog(logOut), Backend.of(host), host, kind);
        } catch (RuntimeException e) {
            closeQuietly(logOut);
            throw e;
        }
        return new Served(host.engine(), daemon, dirs, logOut);
    }

    /**
     * The in-process engine, unchanged, plus the server's lifetime. If the JVM exits without a close
     * (a signal), a shutdown hook removes the socket and registry so nobody is pointed at a dead owner;
     * it leaves the store to the face's own shutdown path, which may still be writing its last events.
     */
    private static final class Served implements Engine {
        private final Engine engine;
        private final Daemon daemon;
        private final Dirs dirs;
        private final Writer log;
        private final Thread hook;

        Served(Engine engine, Daemon daemon, Dirs dirs, Writer log) {
            this.engine = engine;
            this.daemon = daemon;
            this.dirs = dirs;
            this.log = log;
            this.hook = Thread.ofPlatform().name("session-socket-cleanup").unstarted(this::forget);
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public <R> R submit(Op<R> op) {
            return engine.submit(op);
        }

        @Override
        public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
            return engine.subscribe(filter, sink);
        }

        @Override
        public String describe() {
            return engine.describe() + ", serving " + daemon.socket();
        }

        /** Stops serving (in-flight requests finish, streams end), closes the store, removes socket and registry. */
        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: it only removes files, the stop below still closes the store
            }
            daemon.stop();
            closeQuietly(log);
        }

        private void forget() {
            try {
                DaemonInfo info = DaemonInfo.read(dirs.runtime());
                if (info != null && info.pid() == ProcessHandle.current().pid()) {
                    Files.deleteIfExists(dirs.runtime().resolve(DaemonInfo.FILE));
                    Files.deleteIfExists(daemon.socket());
                }
            } catch (IOException e) {
                // exiting anyway: a stale socket and registry are cleaned up by the next owner
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing after the real outcome; nothing more to report
        }
    }
}
