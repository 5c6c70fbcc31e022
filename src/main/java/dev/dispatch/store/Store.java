package dev.dispatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The H2 file that holds everything durable ({@code dispatch.mv.db} in a 0700 data dir). One process
 * holds it at a time ({@link OwnerFile}): a second long-lived owner is refused with a
 * {@link StoreBusyException} naming the holder; a one-shot command waits (bounded) behind another
 * one-shot command. Never {@code AUTO_SERVER}.
 *
 * <p><b>What an acknowledgement means.</b> {@link #write} returns only after its transaction committed
 * and H2 wrote the commit to the file (WRITE_DELAY=0; the bytes are in the OS page cache). That survives
 * {@code kill -9} of this process: StoreKillTest kills a writing JVM 12 times at random moments, once
 * after it has written for longer than H2's chunk retention, and finds every acknowledged row. Caveat
 * measured here: the same test lost acknowledged rows whenever H2 overwrote the space of dead chunks
 * while writing (its default after the 45 s retention, sooner with a shorter retention, or compaction
 * while writing), so H2 may not reuse space while the store is open ({@link #REUSE_SPACE_WHILE_OPEN}).
 *
 * <p><b>How the file stays bounded.</b> Every commit appends a chunk, so the file is live data plus dead
 * chunks. The writer thread, between batches, rewrites the file when {@link RewritePolicy} says the
 * garbage is worth it: it closes H2, copies the live data into a new file and renames it over the old one
 * ({@link FileRewrite}), then reopens. Reads and writes wait for that moment (tens of milliseconds per few
 * MB of live data); the old file is never modified, so a kill at any point leaves a whole store.
 * StoreRewriteKillTest kills writers while they rewrite many times a second.
 *
 * <p><b>Power loss</b> is a weaker promise: H2 does not fsync on commit (an fsync costs ~6 ms on these
 * disks, which would cap writes near 1,300/s), so writes the kernel had not yet flushed (Linux flushes
 * dirty pages within ~30 s) are lost; H2 keeps dead chunks 45 s so that the file on disk still holds a
 * consistent older state, which it opens. Not tested here (no way to cut power). {@link #sync} forces the
 * file to the device (fsync) for a caller that needs a particular write to survive power loss.
 *
 * <p><b>A damaged file is refused, never replaced.</b> Before H2 opens the file (H2 would silently roll a
 * truncated file back to an older chunk, start an empty store in an empty file, and write as it opens),
 * {@link FileCheck} compares it with its {@link StoreSeal}: a file shorter than the last acknowledged commit,
 * with changed bytes, or with a broken header is refused with {@link StoreDamagedException}, untouched;
 * {@link StoreRecovery} salvages it when the user asks. After a kill the bytes past the last acknowledged
 * commit are not vouched for, so the file is first rewritten ({@link FileRewrite}, which reads it
 * read-only): H2 would otherwise overwrite that tail in place, breaking the append-only rule the seal
 * relies on.
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
    static final String DB_NAME = "dispatch";

    /**
     * How long H2 keeps a dead chunk before its space may be reused (RETENTION_TIME, milliseconds; H2's
     * default). With reuse off while open it matters only to the kill test, which writes past it once, and
     * to the close; the system property lets the kill test reproduce the losses seen with reuse on and a
     * shorter retention. Production never sets it.
     */
    static final int RETENTION_MS = Integer.getInteger("dispatch.store.retentionMs", 45_000);

    /**
     * Whether H2 may put new chunks into the space of dead ones while the store is open. It may not: with
     * reuse on, the kill -9 test lost acknowledged rows once dead chunks were being overwritten (after 48 s
     * of writing at H2's 45 s retention, after 7-8 s at 5 s). With reuse off every chunk is appended, so the
     * newest acknowledged chunk is always the last one in the file, where H2 looks first after a crash; the
     * store reclaims the dead chunks by rewriting the file ({@link FileRewrite}). The system property lets the
     * kill test reproduce the losses; production never sets it.
     */
    static final boolean REUSE_SPACE_WHILE_OPEN = Boolean.getBoolean("dispatch.store.reuseSpace");

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
        this.readers = new Readers(() -> connect(url), false);
        this.rewrites = rewrites;
        this.seal = seal;
        this.writer = new Writer(dir, writeConn, this::upkeep, this::committed, Writer.Batch.NONE);
    }

    private Store(Path dir, Postgres pg, OwnerFile owner, Connection writeConn) {
        this.dir = dir;
        this.url = pg.url().jdbc();
        this.pg = pg;
        this.owner = owner;
        this.readers = new Readers(pg::reconnect, true);
        this.rewrites = null;
        this.seal = null;
        this.writer = new Writer(dir, writeConn, this::upkeep, this::committed, Postgres.BATCH);
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
        Path dir = prepareDir(dataDir);
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
        return pg == null ? file(dir).toString() : pg.url().toString();
    }

    /** The PostgreSQL URL, or {@code null} for the embedded H2 store (the journal listener connects with it). */
    public StoreUrl database() {
        return pg == null ? null : pg.url();
    }

    /** As {@link #open(Path, StoreOptions)} with other rewrite thresholds ({@link RewritePolicy}; tests make them small). */
    static Store open(Path dataDir, StoreOptions options, long rewriteAtBytes, long restingSlackBytes) {
        Path dir = prepareDir(dataDir);
        OwnerFile owner = OwnerFile.acquire(dir, options);
        Connection conn = null;
        StoreSeal seal = null;
        Path file = file(dir);
        try {
            String url = url(dir);
            FileRewrite.cleanUp(file);
            // 1) is the file what we left? (refuses, untouched, when not)
            FileCheck.Verdict verdict = FileCheck.check(file);
            // 2) seal it (or the record of a new store) before H2 writes anything
            seal = sealFor(file, verdict);
            // 3) H2 opens it; never creating a new store in place of a file that exists
            conn = connectChecked(verdict.exists() ? url : createUrl(dir), file);
            Migrations.ensure(conn);
            return new Store(
                    dir,
                    url,
                    owner,
                    conn,
                    new RewritePolicy(liveEstimate(conn, file), rewriteAtBytes, restingSlackBytes),
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

    /**
     * The seal for a file that passed its check: a new store's empty record, or a whole-file CRC taken now.
     * A file nobody sealed (written by an older dispatch) first has H2 confirm, read-only, that it holds a
     * dispatch schema. A file with an unacknowledged tail (after a kill) is rewritten first.
     */
    private static StoreSeal sealFor(Path file, FileCheck.Verdict verdict) throws SQLException {
        if (REUSE_SPACE_WHILE_OPEN) {
            StoreSeal.delete(file); // chunks are overwritten in place: nothing could vouch for a prefix
            if (verdict.exists()) probeReadOnly(file);
            return null;
        }
        if (!verdict.exists()) return StoreSeal.open(file, StoreSeal.State.EMPTY);
        if (!verdict.sealed()) probeReadOnly(file);
        StoreSeal seal = StoreSeal.open(file, new StoreSeal.State(verdict.size(), verdict.size(), verdict.crc(), 0, 0));
        try {
            if (verdict.tail()) FileRewrite.rewrite(file, seal);
        } catch (StoreException e) {
            seal.close();
            if (FileCheck.corrupted(e)) throw new StoreDamagedException(file, FileCheck.reason(e), e);
            throw e;
        }
        return seal;
    }

    /** Opens the file read-only (H2 writes nothing) and requires the dispatch schema in it. */
    private static void probeReadOnly(Path file) throws SQLException {
        Path dir = file.getParent();
        try (Connection c = connectChecked(url(dir) + ";ACCESS_MODE_DATA=r", file);
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'SCHEMA_VERSION'")) {
            rs.next();
            if (rs.getInt(1) == 0) throw new StoreDamagedException(file, "it holds no dispatch tables");
        }
    }

    /** Connects, reporting a file H2 finds broken as damaged and a full disk as such. */
    private static Connection connectChecked(String url, Path file) throws SQLException {
        try {
            return connect(url);
        } catch (SQLException | RuntimeException e) {
            if (FileCheck.diskFull(e)) throw new DiskFullException(file.getParent(), e);
            if (FileCheck.corrupted(e)) throw new StoreDamagedException(file, FileCheck.reason(e), e);
            throw e;
        }
    }

    /**
     * WRITE_DELAY=0: H2 writes each commit to the file (one chunk) before {@code commit()} returns, on the
     * committing thread; the default 500 ms delay lost acknowledged rows on kill -9. No space reuse and no
     * compaction by H2 (MAX_COMPACT_TIME=0, also at close), because overwriting dead chunks (after any
     * retention tried: 1 s, 5 s, 45 s) and compaction while writing lost acknowledged rows in the kill -9
     * test (bench/README.md); the store rewrites the file instead ({@link FileRewrite}). QUERY_CACHE_SIZE: H2
     * keeps 8 parsed statements per connection by default, and the writer connection runs every domain's
     * SQL, so a claim → complete cycle re-parsed most of its statements; 256 took bench/coord-claim.sh from
     * 722 to 1,661 cycles/s.
     */
    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;REUSE_SPACE="
                + (REUSE_SPACE_WHILE_OPEN ? "TRUE" : "FALSE") + ";MAX_COMPACT_TIME=0;RETENTION_TIME=" + RETENTION_MS
                + ";QUERY_CACHE_SIZE=256;IFEXISTS=TRUE";
    }

    /** As {@link #url} but allowed to create the file: only when there is none (checked before). */
    private static String createUrl(Path dir) {
        return url(dir).replace(";IFEXISTS=TRUE", "");
    }

    static Path file(Path dir) {
        return dir.resolve(DB_NAME + ".mv.db");
    }

    private static Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, "dispatch", "");
        c.setAutoCommit(false);
        return c;
    }

    /** The live data in the file as opened, from H2's own count of live pages per chunk. */
    private static long liveEstimate(Connection conn, Path file) {
        long size = size(file);
        try {
            SessionLocal session =
                    (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
            MVStore mv = session.getDatabase().getStore().getMvStore();
            return size * mv.getFileStore().getChunksFillRate() / 100;
        } catch (SQLException | RuntimeException e) {
            return size; // assume all live: the first rewrite then waits for twice the size, and corrects it
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path prepareDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            Set<PosixFilePermission> only = PosixFilePermissions.fromString("rwx------");
            if (!Files.isDirectory(dir)) {
                if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(only));
                else Files.createDirectories(dir);
            }
            if (posix && !Files.getPosixFilePermissions(dir).equals(only)) Files.setPosixFilePermissions(dir, only);
            return dir.toRealPath();
        } catch (IOException e) {
            throw new StoreException(
                    "cannot prepare data dir " + dir + " (it must be a directory you own, mode 0700): "
                            + e.getMessage(),
                    e);
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
                if (last != null && rewrites.due(size(file(dir)), RewritePolicy.Moment.CLOSE)) {
                    FileRewrite.rewrite(file(dir), seal);
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
        Path file = file(dir);
        try {
            long size = Files.size(file);
            seal.rested(size, StoreSeal.crc(file, size));
        } catch (IOException e) {
            // the seal still vouches for the last acknowledged commit; the next open rewrites past it
        }
    }

    /** After each commit, before its callers hear of it: the seal records the size the commit left. */
    private void committed() throws IOException {
        if (seal != null) seal.committed(Files.size(file(dir)));
    }

    /**
     * Runs on the writer thread between batches (nothing in flight): rewrites the file when the policy says
     * so, and returns the connection to write on. Waits at most {@link #GATE_WAIT_MS} for running reads to
     * finish, then leaves the rewrite for a later batch (a read that is itself waiting for a write must not
     * deadlock with it).
     */
    private Connection upkeep(Connection conn, RewritePolicy.Moment moment) {
        if (pg != null) return reconnect(conn);
        if (conn != null && !rewrites.due(size(file(dir)), moment)) return conn;
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
                    rewrites.rewritten(FileRewrite.rewrite(file(dir), seal));
                    rewriteCount.incrementAndGet();
                } catch (StoreException e) {
                    // the old file is whole and still the store: write on, and try again after the garbage doubles
                    rewrites.rewritten(size(file(dir)));
                }
            } else if (seal != null && size(file(dir)) > seal.state().highWater()) {
                // the connection was lost (a failed write): the file may end in a torn chunk that H2 would
                // overwrite in place; rewrite it first (fails again, and stays lost, while the disk is full)
                rewrites.rewritten(FileRewrite.rewrite(file(dir), seal));
            }
            return connect(url);
        } catch (SQLException e) {
            throw FileCheck.failure("cannot reopen the store file " + file(dir), e, dir);
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
