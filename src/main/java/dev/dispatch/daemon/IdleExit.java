package dev.dispatch.daemon;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.Subscription;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Ends an auto-started daemon once it has been quiet for its idle time: no open connection (a request or
 * an event stream), no event, no agent running or waiting (for a permission, its children or a key).
 *
 * <p>Leaving must never fail a command that is just arriving. So the daemon first takes the runtime dir's
 * start lock (a starter holding it is about to use this daemon: stay), checks again, and unlinks its socket
 * and registry: from then on a new command finds no owner and waits on the start lock to start the next
 * one. A command that connected just before the unlink is served until its connection closes. Only then
 * does the daemon stop and close the store, and the lock goes last, so the next daemon finds the store free.
 */
final class IdleExit {
    private static final Set<AgentStatus> BUSY = EnumSet.of(
            AgentStatus.RUNNING, AgentStatus.WAITING_USER, AgentStatus.WAITING_CHILDREN, AgentStatus.WAITING_KEY);

    private static final long ACCEPT_GRACE_MS = 1000;

    private final Duration after;
    private final DaemonServer server;
    private final Path runtimeDir;
    private final Runnable stop;
    private final DaemonLog log;
    private final Duration drain;
    private final Map<String, AgentStatus> agents = new ConcurrentHashMap<>();
    private volatile long lastEvent = System.nanoTime();
    private Subscription subscription;

    IdleExit(Duration after, DaemonServer server, Path runtimeDir, Duration drain, Runnable stop, DaemonLog log) {
        this.after = after;
        this.server = server;
        this.runtimeDir = runtimeDir;
        this.drain = drain;
        this.stop = stop;
        this.log = log;
    }

    /** Starts watching: {@code live} delivers every event the engine publishes. */
    void start(Function<Consumer<Event>, Subscription> live) {
        subscription = live.apply(this::onEvent);
        Thread.ofPlatform().daemon().name("idle-exit").start(this::watch);
    }

    private void onEvent(Event e) {
        lastEvent = System.nanoTime();
        switch (e) {
            case RuntimeEvents.AgentStarted s -> agents.put(s.agentId(), AgentStatus.RUNNING);
            case RuntimeEvents.AgentStateChanged c -> agents.put(c.agentId(), c.status());
            case RuntimeEvents.AgentFinished f -> agents.put(f.agentId(), f.status());
            default -> {}
        }
    }

    private void watch() {
        long period = Math.clamp(after.toMillis() / 4, 50, 1000);
        try {
            while (true) {
                Thread.sleep(period);
                if (quiet() && leaveIfStillQuiet()) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.error("idle_exit_failed", null, e); // keeps serving: a daemon that stays is only a daemon
        }
    }

    /** No connection open, no agent busy, and nothing seen for the idle time. */
    private boolean quiet() {
        if (server.openConnections() > 0) return false;
        for (AgentStatus s : agents.values()) if (BUSY.contains(s)) return false;
        long since = Math.max(server.lastActivity(), lastEvent);
        return System.nanoTime() - since >= after.toNanos();
    }

    private boolean leaveIfStillQuiet() throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(
                runtimeDir.resolve(DaemonInfo.START_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) return false; // someone is starting an owner: it will find this one answering
            if (!quiet()) return false; // closing the channel releases the lock
            log.info("idle_exit", "no request, stream or running agent for " + after.toSeconds() + " s; stopping");
            DaemonInfo info = DaemonInfo.read(runtimeDir);
            if (info != null && info.pid() == ProcessHandle.current().pid()) {
                Files.deleteIfExists(runtimeDir.resolve(DaemonInfo.FILE));
            }
            Files.deleteIfExists(server.socket()); // new commands now find no owner and wait on the lock
            // a command that connected just before the unlink may still sit in the listen backlog, not yet
            // accepted (and so not counted): give the acceptor time to take it, then serve it to the end
            Thread.sleep(ACCEPT_GRACE_MS);
            long until = System.nanoTime() + drain.toNanos();
            while (server.openConnections() > 0 && System.nanoTime() < until) Thread.sleep(20);
            if (subscription != null) subscription.close();
            stop.run(); // streams, in-flight requests, the store: all closed before the lock goes
            return true;
        }
    }
}
