package dev.dispatch.daemon;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the daemon listens and the limits that keep it responsive under hostile or greedy clients.
 *
 * @param socket the Unix socket path (its directory is made 0700, the socket 0600)
 * @param port the loopback TCP port: 0 picks a free one, {@link #NO_PORT} serves the socket only
 */
public record ServerConfig(Path socket, int port, Limits limits) {
    /** Serve only the Unix socket. */
    public static final int NO_PORT = -1;

    /**
     * @param maxBodyBytes larger request bodies get 413
     * @param maxInFlight concurrent non-streaming requests beyond this get 429
     * @param maxSseClients concurrent event streams beyond this get 429
     * @param sseQueue frames buffered per stream before a slow subscriber is dropped
     * @param keepalive comment interval on idle streams (keeps proxies and idle timeouts away)
     * @param idleTimeout a connection with no traffic for this long is closed
     */
    public record Limits(
            int maxBodyBytes,
            int maxInFlight,
            int maxSseClients,
            int sseQueue,
            Duration keepalive,
            Duration idleTimeout) {
        public static Limits defaults() {
            return new Limits(1 << 20, 512, 2048, 4096, Duration.ofSeconds(15), Duration.ofSeconds(60));
        }

        public Limits withSseQueue(int frames) {
            return new Limits(maxBodyBytes, maxInFlight, maxSseClients, frames, keepalive, idleTimeout);
        }

        public Limits withMaxSseClients(int clients) {
            return new Limits(maxBodyBytes, maxInFlight, clients, sseQueue, keepalive, idleTimeout);
        }

        public Limits withKeepalive(Duration every) {
            return new Limits(maxBodyBytes, maxInFlight, maxSseClients, sseQueue, every, idleTimeout);
        }
    }

    public ServerConfig withLimits(Limits l) {
        return new ServerConfig(socket, port, l);
    }
}
