package dev.dispatch.protocol;

import java.time.Instant;

/**
 * Ops about the daemon itself rather than the engine: the daemon answers them, an in-process engine
 * never sees them.
 */
public final class DaemonOps {
    private DaemonOps() {}

    /** Who is serving: pid, socket, port, version, uptime. */
    public record Status() implements Op<DaemonStatusResult> {}

    /**
     * A running daemon as {@code daemon status} shows it. {@code port} is 0 when the daemon serves
     * only its Unix socket.
     */
    public record DaemonStatusResult(
            long pid, String socket, int port, String version, String dataDir, Instant startedAt, long uptimeSeconds) {}

    /** Graceful stop: refuse new requests, finish in-flight ones, close streams and the store. */
    public record Stop() implements Op<Ack> {}
}
