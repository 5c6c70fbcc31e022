package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The health of API keys, kept in the store so it survives a restart: a key answered 401/403 is
 * disabled until the config changes; one answered 429/5xx cools down until a given time. A key with
 * no row is healthy. Reasons are the provider's messages, which never hold a secret.
 */
public final class KeyStates {
    private final Store store;
    private final InstantSource clock;

    public KeyStates(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public enum Health {
        ACTIVE,
        COOLING,
        DISABLED
    }

    /** A key's health now; {@code until} is set while cooling. */
    public record KeyHealth(Health health, Optional<Instant> until, String reason) {
        static final KeyHealth ACTIVE = new KeyHealth(Health.ACTIVE, Optional.empty(), "");
    }

    public KeyHealth health(String keyId) {
        return store.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT state, until_at, reason FROM key_state WHERE key_id = ?")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return KeyHealth.ACTIVE;
                    Health h = Health.valueOf(rs.getString(1));
                    Timestamp until = rs.getTimestamp(2);
                    if (h == Health.COOLING
                            && (until == null || !until.toInstant().isAfter(clock.instant()))) {
                        return KeyHealth.ACTIVE;
                    }
                    return new KeyHealth(h, Optional.ofNullable(until).map(Timestamp::toInstant), rs.getString(3));
                }
            }
        });
    }

    public void disable(String keyId, String reason) {
        put(keyId, Health.DISABLED, null, reason);
    }

    public void coolDown(String keyId, Instant until, String reason) {
        put(keyId, Health.COOLING, until, reason);
    }

    /** Forgets every disabled key (the config changed, so the user may have fixed them). */
    public void enableAll() {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM key_state WHERE state = 'DISABLED'")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void put(String keyId, Health h, Instant until, String reason) {
        store.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("MERGE INTO key_state(key_id, state, until_at, reason, updated_at)"
                            + " KEY(key_id) VALUES (?,?,?,?,?)")) {
                ps.setString(1, keyId);
                ps.setString(2, h.name());
                ps.setTimestamp(3, until == null ? null : Timestamp.from(until));
                ps.setString(4, reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason);
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
