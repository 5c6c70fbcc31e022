package dev.dispatch.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a process opens the store: as the long-lived {@link Role#OWNER} (daemon, TUI session) or as a
 * {@link Role#ONE_SHOT} command that waits its turn behind other one-shot commands.
 *
 * @param role who is opening
 * @param kind what the opener is, for the busy message another process sees ({@code daemon}, {@code tui},
 *     {@code cli})
 * @param socket the socket an owner serves, so others can be pointed at it; {@code null} when none
 * @param waitFor how long a one-shot open waits for another one-shot holder before giving up; owners never
 *     wait (a second owner is a mistake to report, not a queue to join)
 * @param database the PostgreSQL database to use instead of the embedded H2 file ({@code store.url}), or
 *     {@code null} for H2
 */
public record StoreOptions(Role role, String kind, Path socket, Duration waitFor, StoreUrl database) {
    /** The default bound on a one-shot command's wait: long enough for a burst of parallel scripts. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /** Long-lived owner versus a command that opens, does one thing and closes. */
    public enum Role {
        /** Daemon or interactive session: holds the store for its lifetime; a second owner is refused. */
        OWNER,
        /** One command: waits (bounded) for another one-shot holder; refused at once if an owner holds it. */
        ONE_SHOT
    }

    public StoreOptions {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(waitFor, "waitFor");
        if (waitFor.isNegative()) throw new IllegalArgumentException("waitFor must not be negative: " + waitFor);
    }

    /** A one-shot command with the default wait. */
    public static StoreOptions oneShot() {
        return new StoreOptions(Role.ONE_SHOT, "cli", null, DEFAULT_WAIT, null);
    }

    /** A long-lived owner of the given kind serving {@code socket} (may be {@code null}). */
    public static StoreOptions owner(String kind, Path socket) {
        return new StoreOptions(Role.OWNER, kind, socket, Duration.ZERO, null);
    }

    public StoreOptions withWait(Duration wait) {
        return new StoreOptions(role, kind, socket, wait, database);
    }

    /** The same, on PostgreSQL at {@code url} ({@code null}: the embedded H2 file). */
    public StoreOptions withDatabase(StoreUrl url) {
        return new StoreOptions(role, kind, socket, waitFor, url);
    }
}
