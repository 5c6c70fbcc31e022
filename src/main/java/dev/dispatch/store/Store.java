package dev.dispatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Everything durable: the H2 file ({@code dispatch.mv.db} in a 0700 data dir) or a PostgreSQL database. One
 * process holds the data dir at a time ({@link OwnerFile}): a second long-lived owner is refused with a
 * {@link StoreBusyException} naming the holder; a one-shot command waits (bounded) behind another
 * one-shot command. Never {@code AUTO_SERVER}.
 *
 * <p>On H2, {@link #write} returns only after H2 wrote the commit to the file, which survives {@code kill -9};
 * the file stays bounded by rewrites between batches, a damaged file is refused and never replaced, and
 * power loss is a weaker promise: {@link H2File} says how and why.
 *
 * <p><b>Disk full.</b> A write that fails for lack of space fails its callers with {@link DiskFullException}
 * and nothing of it is committed. H2 closes its store after a failed file write, so the writer drops the
 * connection, {@link #trouble()} says why (the daemon's health turns {@code degraded}), and the next write or
 * quiet spell reopens the store; the first commit that succeeds clears the trouble.
 *
 * <p>Writes go through one writer thread with group commit ({@link Writer}): sequence numbers and identity
 * values are assigned in commit order. Reads use their own connections and see committed state.
 *
 * <p><b>PostgreSQL.</b> With {@link StoreOptions#database()} set ({@code store.url}), the same API runs on a
 * PostgreSQL database that several daemons share ({@link Postgres}, docs/postgresql.md): no file, seal or
 * rewrite; an acknowledgement means PostgreSQL committed (its WAL flushed); a lost connection is reopened
 * and a batch that had not reached its commit runs again.
 */
public final class Store implements AutoCloseable {
    /** How long a rewrite waits for running reads before leaving it for a later batch. */
    private static final long GATE_WAIT_MS = 100;

    private final Path dir;
    private final String url;
    /** The PostgreSQL side; {@code null} for the embedded H2 file. */
    private final Postgres pg;

    private final OwnerFile owner;
    private final Readers readers;
    private final RewritePolicy rewrites;
    /** Reads hold it shared; a rewrite holds it alone. Fair, so a rewrite is not starved by a stream of reads. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);

    private final Writer writer;
    /** The file's seal; {@code null} only in the test-only space-reuse mode, where nothing is append-only. */
    private final StoreSeal seal;

    private final java.util.List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong rewriteCount = new AtomicLong();
    private final AtomicLong rewriteNanos = new AtomicLong();
    private boolean closed;

    /**
     * What the file rewrites cost so far: how many, how long reads and writes waited for them in total, and
     * the file size the last one left (the live data).
     */
    public record RewriteStats(long count, long pausedNanos, long liveBytes) {}

    private Store(Path dir, String url, OwnerFile owner, Connection writeConn, RewritePolicy rewrites, StoreSeal seal) {
        this.dir = dir;
        this.url = url;
        this.pg = null;
        this.owner = owner;
        this.readers = new Readers(() -> H2File.connect(url), false);
        this.rewrites = rewrites;
        this.seal = seal;
        this.writer = new Writer(dir, writeConn, this::upkeep, this::committed, BatchHooks.NONE);
    }

    private Store(Path dir, Postgres pg, OwnerFile owner, Connection writeConn) {
        this.dir = dir;
        this.url = pg.url().jdbc();
        this.pg = pg;
        this.owner = owner;
        this.readers = new Readers(pg::reconnect, true);
        this.rewrites = null;
        this.seal = null;
        this.writer = new Writer(dir, writeConn, this::upkeep, this::committed, pg.batch());
    }

    /** Opens as a one-shot command with the default wait. */
    public static Store open(Path dataDir) {
        return open(dataDir, StoreOptions.oneShot());
    }

    /**
     * Opens the store in {@code dataDir} (created 0700 if missing, tightened to 0700 if looser), takes the
     * directory for this process and brings the schema up to date.
     *
     * @throws StoreBusyException another process holds the directory (see {@link StoreOptions.Role})
     * @throws StoreDamagedException the file is not what dispatch left; it was not touched
     * @throws DiskFullException there is no room to open it
     */
    public static Store open(Path dataDir, StoreOptions options) {
        if (options.database() != null) return openPostgres(dataDir, options);
        return open(dataDir, options, RewritePolicy.REWRITE_AT_BYTES, RewritePolicy.RESTING_SLACK_BYTES);
    }

    /**
     * Opens the PostgreSQL database named by {@code options}: the data dir is still taken for this process
     * (it holds the daemon's other files), the schema is brought up to date under an advisory lock.
     *
     * @throws StoreException the server cannot be reached or refuses us, naming the URL (without password)
     */
    private static Store openPostgres(Path dataDir, StoreOptions options) {
        Path dir = OwnerFile.prepareDir(dataDir);
        OwnerFile owner = OwnerFile.acquire(dir, options);
        Postgres pg = new Postgres(options.database());
        Connection conn = null;
        try {
            conn = pg.connect();
            Migrations.ensure(conn);
            return new Store(dir, pg, owner, conn);
        } catch (SQLException e) {
            closeQuietly(conn);
            owner.close();
            throw new StoreException(
                    "cannot open the PostgreSQL store at " + options.database() + ": " + e.getMessage()
                            + " (check store.url / DISPATCH_STORE_URL, that the server runs, and the role's password)",
                    e);
        } catch (RuntimeException e) {
            closeQuietly(conn);
            owner.close();
            throw e;
        }
    }

    /** The SQL dialect of this store's database. */
    public Dialect dialect() {
        return pg == null ? Dialect.H2 : Dialect.POSTGRES;
    }

    /** Where the data is, for people: the H2 file, or the PostgreSQL URL without its password. */
    public String location() {
        return pg == null ? H2File.file(dir).toString() : pg.url().toString();
    }

    /** The PostgreSQL URL, or {@code null} for the embedded H2 store (the journal listener connects with it). */
    public StoreUrl database() {
        return pg == null ? null : pg.url();
    }

    /** This store's name in its PostgreSQL notifications ({@link JournalListener}); {@code null} on H2. */
    String sender() {
        return pg == null ? null : pg.sender();
    }

    /** As {@link #open(Path, StoreOptions)} with other rewrite thresholds ({@link RewritePolicy}; tests make them small). */
    static Store open(Path dataDir, StoreOptions options, long rewriteAtBytes, long restingSlackBytes) {
        Path dir = OwnerFile.prepareDir(dataDir);
        OwnerFile owner = OwnerFile.acquire(dir, options);
        Connection conn = null;
        StoreSeal seal = null;
        Path file = H2File.file(dir);
        try {
            String url = H2File.url(dir);
            FileRewrite.cleanUp(file);
            // 1) is the file what we left? (refuses, untouched, when not)
            FileCheck.Verdict verdict = FileCheck.check(file);
            // 2) seal it (or the record of a new store) before H2 writes anything
            seal = H2File.sealFor(file, verdict);
            // 3) H2 opens it; never creating a new store in place of a file that exists
            conn = H2File.connectChecked(verdict.exists() ? url : H2File.createUrl(dir), file);
            Migrations.ensure(conn);
            return new Store(
                    dir,
                    url,
                    owner,
                    conn,
                    new RewritePolicy(H2File.liveEstimate(conn, file), rewriteAtBytes, restingSlackBytes),
                    seal);
        } catch (SQLException e) {
            closeQuietly(conn);
            if (seal != null) seal.close();
            owner.close();
            if (e.getErrorCode() == 90020) {
                // our lock should make this impossible; if a foreign program holds the file, say so
                throw new StoreBusyException(dir, null, "the database file is locked by another program");
            }
            throw FileCheck.failure("cannot open store in " + dir, e, dir);
        } catch (RuntimeException e) {
            closeQuietly(conn);
            if (seal != null) seal.close();
            owner.close();
            throw e;
        }
    }

    public RewriteStats rewriteStats() {
        if (rewrites == null) return new RewriteStats(0, 0, 0);
        return new RewriteStats(rewriteCount.get(), rewriteNanos.get(), rewrites.live());
    }

    public Path dir() {
        return dir;
    }

    /**
     * Why writes are failing right now (a full disk, a lost connection), or {@code null} when the last write
     * succeeded. Clears by itself when a write succeeds again.
     */
    public String trouble() {
        StoreException e = writer.trouble();
        return e == null ? null : e.getMessage();
    }

    /**
     * Runs {@code work} in a transaction (shared with other writes queued at the same time, each behind
     * its own savepoint) and returns after the commit reached the file. SQL failures become a
     * {@link StoreException}; runtime exceptions from the work are rethrown as they are.
     */
    public <T> T write(SqlWork<T> work) {
        return writer.submit(work);
    }

    /** Runs {@code work} on a read connection in its own transaction; sees committed state only. */
    public <T> T read(SqlWork<T> work) {
        gate.readLock().lock();
        try {
            return readers.run(work);
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Forces the file to the storage device (fsync), for the few callers that need power-loss safety. */
    public void sync() {
        if (pg != null) return; // a PostgreSQL commit is already flushed to its WAL
        // on a read connection: CHECKPOINT commits its session, which must not split a write batch
        read(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
            return null;
        });
    }

    /** Runs {@code hook} when the store closes, first thing (a journal listener stops with its store). */
    public void onClose(Runnable hook) {
        onClose.add(hook);
    }

    /** Finishes queued writes, closes H2, rewrites the file if it holds garbage, and lets the next holder in. */
    @Override
    public void close() {
        synchronized (this) {
            // a second close must not release a lock that a later holder in this JVM now has
            if (closed) return;
            closed = true;
        }
        for (Runnable hook : onClose) {
            try {
                hook.run();
            } catch (RuntimeException ignored) {
                // a hook's failure must not keep the store open
            }
        }
        if (pg != null) {
            closePostgres();
            return;
        }
        try {
            writer.close();
            gate.writeLock().lock();
            try {
                readers.close();
                Connection last = writer.connection();
                if (last != null) last.close();
                if (last != null && rewrites.due(H2File.size(H2File.file(dir)), RewritePolicy.Moment.CLOSE)) {
                    FileRewrite.rewrite(H2File.file(dir), seal);
                } else if (last != null) {
                    rested();
                }
                // with the connection lost, the file may end in a torn write: the seal keeps the last commit
            } finally {
                gate.writeLock().unlock();
            }
        } catch (SQLException e) {
            throw new StoreException("close failed for " + dir + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            // the rewrite failed: the file is whole, only larger than it needs to be; the next close retries
        } finally {
            if (seal != null) seal.close();
            owner.close();
        }
    }

    private void closePostgres() {
        try {
            writer.close();
            readers.close();
            closeQuietly(writer.connection());
        } catch (SQLException e) {
            throw new StoreException("close failed for " + location() + ": " + e.getMessage(), e);
        } finally {
            owner.close();
        }
    }

    /** The file is at rest (H2 closed it): vouch for all of it. */
    private void rested() {
        if (seal == null) return;
        Path file = H2File.file(dir);
        try {
            long size = Files.size(file);
            seal.rested(size, StoreSeal.crc(file, size));
        } catch (IOException e) {
            // the seal still vouches for the last acknowledged commit; the next open rewrites past it
        }
    }

    /** After each commit, before its callers hear of it: the seal records the size the commit left. */
    private void committed() throws IOException {
        if (seal != null) seal.committed(Files.size(H2File.file(dir)));
    }

    /**
     * Runs on the writer thread between batches (nothing in flight): rewrites the file when the policy says
     * so, and returns the connection to write on. Waits at most {@link #GATE_WAIT_MS} for running reads to
     * finish, then leaves the rewrite for a later batch (a read that is itself waiting for a write must not
     * deadlock with it).
     */
    private Connection upkeep(Connection conn, RewritePolicy.Moment moment) {
        if (pg != null) return reconnect(conn);
        if (conn != null && !rewrites.due(H2File.size(H2File.file(dir)), moment)) return conn;
        try {
            if (!gate.writeLock().tryLock(GATE_WAIT_MS, TimeUnit.MILLISECONDS)) return conn;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return conn;
        }
        long started = System.nanoTime();
        try {
            readers.closeIdle();
            if (conn != null) {
                closeQuietly(conn);
                // every connection is closed, so H2 has closed the database and the file is at rest
                try {
                    rewrites.rewritten(FileRewrite.rewrite(H2File.file(dir), seal));
                    rewriteCount.incrementAndGet();
                } catch (StoreException e) {
                    // the old file is whole and still the store: write on, and try again after the garbage doubles
                    rewrites.rewritten(H2File.size(H2File.file(dir)));
                }
            } else if (seal != null
                    && H2File.size(H2File.file(dir)) > seal.state().highWater()) {
                // the connection was lost (a failed write): the file may end in a torn chunk that H2 would
                // overwrite in place; rewrite it first (fails again, and stays lost, while the disk is full)
                rewrites.rewritten(FileRewrite.rewrite(H2File.file(dir), seal));
            }
            return H2File.connect(url);
        } catch (SQLException e) {
            throw FileCheck.failure("cannot reopen the store file " + H2File.file(dir), e, dir);
        } finally {
            rewriteNanos.addAndGet(System.nanoTime() - started);
            gate.writeLock().unlock();
        }
    }

    /** PostgreSQL: the write connection, or a new one after it was lost (waits out a server restart). */
    private Connection reconnect(Connection conn) {
        if (conn != null) return conn;
        try {
            return pg.reconnect();
        } catch (SQLException e) {
            throw new StoreException("cannot reach the PostgreSQL store at " + pg.url() + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // the open failure is what the caller needs to hear about
        }
    }
}
