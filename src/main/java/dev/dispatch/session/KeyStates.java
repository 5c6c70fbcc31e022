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
 * disabled until its value or config entry changes (by fingerprint), the config is reloaded, or the user
 * enables it; one answered 429/5xx cools down until a given time. A key with
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

    /** A key's health now, whatever it is today (for a key whose current value is unknown). */
    public KeyHealth health(String keyId) {
        return health(keyId, null);
    }

    /**
     * A key's health now. A key disabled for 401/403 comes back by itself when its {@code fingerprint}
     * (a hash of its config entry and value, see {@link #disable}) differs from the one recorded: the
     * user changed the value or the entry, so the provider deserves another try. A null fingerprint
     * (the caller does not know the key's value) never re-enables.
     */
    public KeyHealth health(String keyId, String fingerprint) {
        KeyHealth h = store.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT state, until_at, reason, fingerprint FROM key_state WHERE key_id = ?")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return KeyHealth.ACTIVE;
                    Health state = Health.valueOf(rs.getString(1));
                    Timestamp until = rs.getTimestamp(2);
                    if (state == Health.COOLING
                            && (until == null || !until.toInstant().isAfter(clock.instant()))) {
                        return KeyHealth.ACTIVE;
                    }
                    if (state == Health.DISABLED && fingerprint != null && !fingerprint.equals(rs.getString(4))) {
                        return null; // changed since it was refused: forget the refusal (below, in a write)
                    }
                    return new KeyHealth(state, Optional.ofNullable(until).map(Timestamp::toInstant), rs.getString(3));
                }
            }
        });
        if (h != null) return h;
        enable(keyId);
        return KeyHealth.ACTIVE;
    }

    /**
     * Disables a key the provider refused (401/403) until it is enabled by hand ({@link #enable}), the
     * config changes ({@link #enableAll}), or its {@code fingerprint} changes ({@link #health(String, String)}).
     */
    public void disable(String keyId, String reason, String fingerprint) {
        put(keyId, Health.DISABLED, null, reason, fingerprint);
    }

    public void disable(String keyId, String reason) {
        disable(keyId, reason, null);
    }

    /** Forgets a key's disabling or cool-down ({@code dispatch keys enable ID}); false when it had none. */
    public boolean enable(String keyId) {
        return store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM key_state WHERE key_id = ?")) {
                ps.setString(1, keyId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public void coolDown(String keyId, Instant until, String reason) {
        put(keyId, Health.COOLING, until, reason, null);
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

    private void put(String keyId, Health h, Instant until, String reason, String fingerprint) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(dev.dispatch.store.Dialect.of(c)
                    .upsert(
                            "key_state",
                            java.util.List.of("key_id", "state", "until_at", "reason", "updated_at", "fingerprint"),
                            java.util.List.of("key_id")))) {
                ps.setString(1, keyId);
                ps.setString(2, h.name());
                ps.setTimestamp(3, until == null ? null : Timestamp.from(until));
                ps.setString(4, reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason);
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.setString(6, fingerprint);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
