package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.store.Store;
import dev.dispatch.store.StoreBusyException;
import dev.dispatch.store.StoreException;
import dev.dispatch.store.StoreOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The composition root: builds an in-process engine by hand (no DI framework) from the store and
 * each domain module's handlers.
 */
public final class Engines {
    /** Seconds a one-shot command waits for another one-shot command holding the store. */
    static final String WAIT_ENV = "DISPATCH_STORE_WAIT";

    private Engines() {}

    /** An engine for one command: opens the store as a one-shot, waiting its turn behind other commands. */
    public static Engine local(Dirs dirs) {
        return local(dirs, StoreOptions.oneShot().withWait(oneShotWait(System.getenv())));
    }

    /** An engine opened with explicit options (the daemon and the TUI open as {@link StoreOptions.Role#OWNER}). */
    public static Engine local(Dirs dirs, StoreOptions options) {
        Store store = open(dirs, options);
        Bus<Event> bus = new Bus<>();
        OpRouter router = new OpRouter();
        return new LocalEngine(store, router, bus);
    }

    private static Store open(Dirs dirs, StoreOptions options) {
        try {
            return Store.open(dirs.data(), options);
        } catch (StoreBusyException e) {
            String hint = e.socket() == null && options.role() == StoreOptions.Role.ONE_SHOT
                    ? " (set " + WAIT_ENV + "=SECONDS to wait longer)"
                    : "";
            throw new EngineException(ErrorCode.BUSY, e.getMessage() + hint, e);
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    /** {@value #WAIT_ENV} in seconds (fractions allowed), else the store's default. */
    static Duration oneShotWait(Map<String, String> env) {
        String raw = env.get(WAIT_ENV);
        if (raw == null || raw.isBlank()) return StoreOptions.DEFAULT_WAIT;
        try {
            double seconds = Double.parseDouble(raw.strip());
            if (seconds >= 0 && seconds <= 86_400) return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw EngineException.invalid(WAIT_ENV + "='" + raw + "' is not a number of seconds between 0 and 86400 (e.g. "
                + WAIT_ENV + "=30)");
    }
}
