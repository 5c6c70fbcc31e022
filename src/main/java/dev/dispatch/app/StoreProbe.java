package dev.dispatch.app;

import dev.dispatch.store.Store;
import dev.dispatch.store.StoreBusyException;
import dev.dispatch.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Answers "does the store open?" for {@code dispatch doctor}, which lives in {@code cli} and may not
 * touch the store itself. Opening and closing at once is the whole check.
 */
public final class StoreProbe {
    /** H2's "database may be already in use": another process owns the file. */
    private static final int H2_LOCKED = 90020;

    public enum State {
        OPENS,
        /** Another process (daemon or interactive session) owns it: normal, not a failure. */
        IN_USE,
        /** Nothing created yet; the first command that needs the store creates it. */
        ABSENT,
        FAILS
    }

    public record Result(State state, String detail) {}

    private StoreProbe() {}

    public static Result probe(Path dataDir) {
        if (!Files.isDirectory(dataDir)) return new Result(State.ABSENT, "not created yet (created on first use)");
        // no waiting: a store another process holds right now is an answer, not something to wait for
        try (Store store = Store.open(dataDir, StoreOptions.oneShot().withWait(java.time.Duration.ZERO))) {
            return new Result(State.OPENS, "opens (" + store.dir().resolve("dispatch.mv.db") + ")");
        } catch (StoreBusyException e) {
            String who = e.pid() > 0
                    ? "pid " + e.pid() + (e.socket() != null ? ", socket " + e.socket() : "")
                    : "unknown pid";
            return new Result(State.IN_USE, "in use by another process (" + who + ")");
        } catch (RuntimeException e) {
            if (lockedByAnother(e)) {
                return new Result(State.IN_USE, "in use by another process (a daemon or session owns it)");
            }
            return new Result(State.FAILS, e.getMessage());
        }
    }

    private static boolean lockedByAnother(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_LOCKED) return true;
        }
        return false;
    }
}
