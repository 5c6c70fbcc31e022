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
     * only its Unix socket. {@code kind} is {@code daemon}, or the interactive session ({@code workbench},
     * {@code chat}, {@code run}) that hosts the engine and serves the socket while it runs. {@code autostarted}:
     * a one-shot command started it (docs/owner.md); {@code idleExitSeconds}: it exits after this long with no
     * request, stream or running agent (0: it runs until stopped).
     */
    public record DaemonStatusResult(
            long pid,
            String socket,
            int port,
            String version,
            String dataDir,
            Instant startedAt,
            long uptimeSeconds,
            String kind,
            boolean autostarted,
            long idleExitSeconds) {}

    /** Graceful stop: refuse new requests, finish in-flight ones, close streams and the store. */
    public record Stop() implements Op<Ack> {}
}
