package dev.dispatch.app;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.store.DatabaseCheck;
import dev.dispatch.store.Store;
import dev.dispatch.store.StoreBusyException;
import dev.dispatch.store.StoreDamagedException;
import dev.dispatch.store.StoreException;
import dev.dispatch.store.StoreOptions;
import dev.dispatch.store.StoreRecovery;
import dev.dispatch.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * Answers "does the store open?" for {@code dispatch doctor}, and runs {@code dispatch store check|recover},
 * for {@code cli}, which may not touch the store itself. A damaged store is a failure that names the file
 * and the way out, never "opens".
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

    /** Rows in one table: found by check, or salvaged by recover ({@code lost}: read but refused). */
    public record TableRows(String table, long rows, long lost) {}

    /** {@code dispatch store check}: {@code problem} is {@code null} when the store is whole. */
    public record Check(
            String file,
            boolean exists,
            String problem,
            long bytes,
            int schemaVersion,
            long journalLastSeq,
            List<TableRows> tables) {}

    /** {@code dispatch store recover}: where the old file was kept, the script H2 wrote, and what was salvaged. */
    public record Recovered(String file, String keptAs, String script, String readProblem, List<TableRows> salvaged) {}

    private StoreProbe() {}

    /**
     * {@code dispatch store check} for the store {@code dirs} and {@code env} select: the PostgreSQL database
     * of store.url / DISPATCH_STORE_URL (read while daemons run), else the H2 file in the data dir.
     */
    public static Check check(dev.dispatch.config.Dirs dirs, java.util.Map<String, String> env) {
        StoreUrl url = Engines.database(dirs, env, StoreOptions.oneShot()).database();
        if (url == null) return check(dirs.data());
        try {
            DatabaseCheck.Contents r = DatabaseCheck.contents(url);
            return new Check(
                    r.url(),
                    r.schemaVersion() > 0,
                    r.problem(),
                    r.bytes(),
                    r.schemaVersion(),
                    r.journalLast(),
                    rows(r.tables()));
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    /**
     * {@code dispatch store recover} for the store {@code dirs} and {@code env} select: salvaging is for the
     * H2 file; on PostgreSQL it is refused, saying what to do instead, with nothing changed.
     */
    public static Recovered recover(dev.dispatch.config.Dirs dirs, java.util.Map<String, String> env) {
        StoreUrl url = Engines.database(dirs, env, StoreOptions.oneShot()).database();
        if (url == null) return recover(dirs.data());
        throw EngineException.invalid("'dispatch store recover' salvages the embedded H2 file, but this store is the"
                + " PostgreSQL database " + url + " (store.url / DISPATCH_STORE_URL), which recovers itself from its"
                + " write-ahead log after a crash; nothing was changed. Run 'dispatch store check' to see what it"
                + " holds, and restore a lost database from your backups (pg_dump/pg_restore or point-in-time"
                + " recovery). To salvage a local H2 file instead, run this without store.url set.");
    }

    /** Checks the store in {@code dataDir} without modifying it; refused while an owner holds the dir. */
    public static Check check(Path dataDir) {
        try {
            StoreRecovery.CheckResult r = StoreRecovery.check(dataDir);
            return new Check(
                    r.file().toString(),
                    r.exists(),
                    r.problem(),
                    r.bytes(),
                    r.schemaVersion(),
                    r.journalLastSeq(),
                    rows(r.tables()));
        } catch (StoreBusyException e) {
            throw new EngineException(ErrorCode.BUSY, e.getMessage(), e);
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    /** Salvages the store in {@code dataDir} into a new one, keeping the old file aside. */
    public static Recovered recover(Path dataDir) {
        try {
            StoreRecovery.RecoverResult r = StoreRecovery.recover(dataDir);
            return new Recovered(
                    r.file().toString(),
                    r.keptAs() == null ? null : r.keptAs().toString(),
                    r.script() == null ? null : r.script().toString(),
                    r.readProblem(),
                    rows(r.salvaged()));
        } catch (StoreBusyException e) {
            throw new EngineException(ErrorCode.BUSY, e.getMessage(), e);
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    private static List<TableRows> rows(List<StoreRecovery.TableRows> in) {
        return in.stream()
                .map(t -> new TableRows(t.table(), t.rows(), t.lost()))
                .toList();
    }

    public static Result probe(Path dataDir) {
        if (!Files.isDirectory(dataDir)) return new Result(State.ABSENT, "not created yet (created on first use)");
        // no waiting: a store another process holds right now is an answer, not something to wait for
        try (Store store = Store.open(dataDir, StoreOptions.oneShot().withWait(java.time.Duration.ZERO))) {
            return new Result(State.OPENS, "opens (" + store.dir().resolve("dispatch.mv.db") + ")");
        } catch (StoreDamagedException e) {
            return new Result(State.FAILS, e.getMessage());
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
