package dev.dispatch.app;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.store.DatabaseCheck;
import dev.dispatch.store.StoreBusyException;
import dev.dispatch.store.StoreCopy;
import dev.dispatch.store.StoreException;
import dev.dispatch.store.StoreOptions;
import dev.dispatch.store.StoreUrl;
import java.util.Map;

/**
 * The CLI's way to the PostgreSQL store's maintenance (issue 26, docs/postgresql.md): migrating the local
 * H2 store into a database, and doctor's connection check. Both need the H2 data dir or just the URL, never
 * an engine.
 */
public final class SharedStore {
    /** What a migration copied: rows per table and the journal's last id, verified equal on both sides. */
    public record Migrated(String target, Map<String, Long> rows, long journalLastId, long millis) {}

    /** The PostgreSQL store's health for doctor. */
    public record Health(String url, String server, int schemaVersion, int knownVersion, double latencyMs) {}

    private SharedStore() {}

    /** Copies the H2 store of {@code dirs} into the empty database at {@code url}, verified. */
    public static Migrated migrate(Dirs dirs, String url) {
        StoreUrl to;
        try {
            to = StoreUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage().replace("store.url", "--to"));
        }
        try {
            StoreCopy.Result r = StoreCopy.copy(dirs.data(), to);
            return new Migrated(r.target(), r.rows(), r.journalLastId(), r.millis());
        } catch (StoreBusyException e) {
            throw new EngineException(
                    ErrorCode.BUSY,
                    e.getMessage() + "; stop the daemon or session first ('dispatch daemon stop'), then migrate",
                    e);
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    /** The configured PostgreSQL store's health, or {@code null} when the store is the embedded H2 file. */
    public static Health check(Dirs dirs, Map<String, String> env) {
        StoreUrl url = Engines.database(dirs, env, StoreOptions.oneShot()).database();
        if (url == null) return null;
        try {
            DatabaseCheck.Report r = DatabaseCheck.check(url);
            return new Health(r.url(), r.server(), r.schemaVersion(), r.knownVersion(), r.latencyMs());
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }
}
