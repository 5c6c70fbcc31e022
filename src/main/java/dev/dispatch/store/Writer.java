package dev.dispatch.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: one thread owns the write connection, takes every {@code write} queued so far, runs
 * them in one transaction with a savepoint around each, commits once (with WRITE_DELAY=0, H2 has
 * written the commit to the file when {@code commit()} returns), and only then completes each caller. A work that fails is rolled back to its savepoint
 * and fails only its own caller.
 *
 * <p>Because a single thread runs all writes and batches commit in order, identity values (journal
 * {@code seq}, ids) are handed out in commit order: everything with a smaller number committed no later
 * than anything with a larger one, so a reader resuming after N never misses a later commit of a
 * smaller number. Rolled-back works leave gaps in the numbers, never reorderings.
 *
 * <p>Between batches, with nothing in flight, the thread asks its {@link Upkeep} whether to rewrite the
 * file (after every commit, and after {@link #IDLE_NANOS} without a write); a rewrite closes the
 * connection and hands back a new one, so the connection is the thread's own field, never shared.
 *
 * <p>When a failure leaves the connection unusable (H2 closes its store when a write to the file fails,
 * for instance on a full disk), the thread drops it and reports the store as troubled ({@link #trouble});
 * the next batch, or the next quiet spell, asks the upkeep for a new connection, and the first commit that
 * succeeds clears the trouble. The trouble is recorded before any caller hears of the failure, so a caller
 * that got a {@link DiskFullException} finds the store troubled when it asks.
 *
 * <p>A work may run twice when a neighbour in its batch breaks the transaction beyond a savepoint
 * rollback; works must therefore only touch the connection they are given (no side effects outside
 * it) and must not commit, roll back or close it.
 */
final class Writer implements AutoCloseable {
    /** Bounds a batch so one commit never holds a caller back behind thousands of others. */
    private static final int MAX_BATCH = 512;

    /**
     * How long a batch waits for the callers of the previous batch to come back. Each commit writes at
     * least one 4 KiB chunk that H2 keeps for its retention time, so fewer, fuller commits mean a smaller
     * file; in-process callers resubmit within microseconds of their ack, so the wait is rarely used in
     * full. Callers over HTTP are a round trip away (hundreds of µs on 2 busy cores): at 1 ms the writer
     * thread was busy only ~55 % of the time under bench/daemon-http.sh, waiting for them while they
     * waited for it; at 200 µs the rate rose from ~2,100 to ~2,400 cycles/s with no more CPU per cycle,
     * while in-process rates and file sizes stayed the same (bench/coord-claim.sh 3,295 → 3,330/s;
     * store-write 30.8k → 31.8k/s, max file 38.8 → 36.7 MB). Not 0: without any wait in-process batches
     * fragment (coord-claim 3,011/s, store-write 23.7k/s).
     */
    private static final long LINGER_NANOS = 200_000L;

    /** How long a batch waits for the store to be reopened while reads hold it (see {@link #reopen}). */
    private static final long REOPEN_WAIT_NANOS = 5_000_000_000L;

    /** A quiet spell after which the writer offers the upkeep a chance to reclaim space. */
    private static final long IDLE_NANOS = 2_000_000_000L;

    /** What the writer thread does between batches; see {@link Store#upkeep}. */
    interface Upkeep {
        /**
         * Returns the connection to write on from now on: {@code conn} itself, or a new one after the file
         * was rewritten, or after {@code conn} was lost ({@code null}).
         *
         * @throws StoreException when no connection could be opened; the writer asks again at the next batch
         */
        Connection between(Connection conn, RewritePolicy.Moment moment);
    }

    /** How often a batch is run again after its connection was lost before its commit. */
    private static final int MAX_RERUNS = 3;

    /** Runs after each commit and before any caller hears of it (the store's seal records the new size). */
    interface Committed {
        void run() throws IOException;
    }

    private record Job<T>(SqlWork<T> work, CompletableFuture<T> done) {}

    private static final Job<Void> STOP = new Job<>(c -> null, new CompletableFuture<>());

    private final Path dir;
    private final Upkeep upkeep;
    private final Committed committed;
    private final BatchHooks hooks;
    private Connection conn;
    private StoreException lost;
    /** Why writes are failing right now, for health reports; {@code null} while they succeed. */
    private volatile StoreException trouble;

    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean closed;

    Writer(Path dir, Connection conn, Upkeep upkeep, Committed committed, BatchHooks hooks) {
        this.hooks = hooks;
        this.dir = dir;
        this.conn = conn;
        this.upkeep = upkeep;
        this.committed = committed;
        this.thread =
                Thread.ofPlatform().name("dispatch-store-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    <T> T submit(SqlWork<T> work) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException(
                    "Store.write called from inside a write; use the Connection the outer work was given");
        }
        Job<T> job = new Job<>(work, new CompletableFuture<>());
        synchronized (this) {
            if (closed) throw new StoreException("the store is closed; open it again to write");
            queue.add(job);
        }
        try {
            return job.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new StoreException("write failed: " + e.getCause(), e.getCause());
        }
    }

    private void loop() {
        List<Job<?>> batch = new ArrayList<>();
        int expected = 1;
        while (true) {
            Job<?> first;
            try {
                first = queue.poll(IDLE_NANOS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                upkeep(RewritePolicy.Moment.IDLE);
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            linger(batch, expected);
            int stop = batch.indexOf(STOP);
            List<Job<?>> work = stop < 0 ? batch : batch.subList(0, stop);
            if (!work.isEmpty()) {
                for (int runs = 0; ; runs++) {
                    if (conn == null) reopen();
                    if (conn == null) {
                        failAll(work, lost);
                        break;
                    }
                    if (!run(new ArrayList<>(work))) break;
                    // the connection was lost before the commit: nothing of the batch is kept, run it again
                    if (runs >= MAX_RERUNS) {
                        failAll(work, lost);
                        break;
                    }
                }
                upkeep(RewritePolicy.Moment.AFTER_COMMIT);
            }
            if (stop >= 0) return;
            expected = Math.max(1, work.size());
            batch.clear();
        }
    }

    /**
     * Waits (bounded by {@link #LINGER_NANOS}) until the batch is as large as the previous one: the
     * callers just acknowledged are about to write again, and one commit for all of them costs a chunk
     * instead of several.
     */
    private void linger(List<Job<?>> batch, int expected) {
        if (batch.size() >= expected || batch.contains(STOP)) return;
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (batch.size() < expected && batch.size() < MAX_BATCH) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            Job<?> next;
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) return;
            batch.add(next);
            if (next == STOP) return;
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    /**
     * After the connection was lost, before a batch: asks the upkeep for a new one until it gives one or
     * says why it cannot ({@link #lost}). The upkeep defers (answers {@code null}) while reads hold the
     * store; that is no reason to fail writes, so it is asked again for up to {@link #REOPEN_WAIT_NANOS}.
     */
    private void reopen() {
        long deadline = System.nanoTime() + REOPEN_WAIT_NANOS;
        lost = null;
        while (conn == null && lost == null) {
            upkeep(RewritePolicy.Moment.AFTER_COMMIT);
            if (conn == null && lost == null && System.nanoTime() - deadline > 0) {
                lost = new StoreException("the store could not be reopened after a failed write: reads held it for "
                        + TimeUnit.NANOSECONDS.toSeconds(REOPEN_WAIT_NANOS) + " s; retry");
            }
        }
    }

    private void upkeep(RewritePolicy.Moment moment) {
        try {
            conn = upkeep.between(conn, moment);
            if (conn != null) lost = null; // null: deferred (reads hold the store); the reason stands
        } catch (StoreException e) {
            conn = null;
            lost = e;
            trouble = e;
        }
    }

    /** Why writes fail right now ({@code null} when the last one succeeded). */
    StoreException trouble() {
        return trouble;
    }

    /** {@code t} as the caller should see it: disk full said as such, SQL failures as a {@link StoreException}. */
    private Throwable classify(Throwable t, String what) {
        if (FileCheck.diskFull(t)) return new DiskFullException(dir, t);
        if (t instanceof SQLException se) return new StoreException(what + se.getMessage(), se);
        return t;
    }

    /** After a failed batch: drops the connection if H2 closed it (a failed file write does), so it is reopened. */
    private void dropIfBroken(Throwable cause) {
        boolean broken = FileCheck.diskFull(cause) || hooks.lost(cause);
        try {
            broken |= conn.isClosed();
        } catch (SQLException e) {
            broken = true;
        }
        if (!broken) return;
        try {
            conn.close();
        } catch (SQLException ignored) {
            // it is broken already; a new one is opened at the next batch
        }
        conn = null;
        StoreException why = cause instanceof StoreException se
                ? se
                : new StoreException("the store connection failed: " + cause.getMessage(), cause);
        lost = why;
        trouble = why;
    }

    /** The connection the writer holds when it has stopped, for the store's close; {@code null} if lost. */
    Connection connection() {
        return conn;
    }

    /**
     * Runs one batch; if a savepoint cannot be rolled back, reruns the untouched rest in a new batch.
     * Returns {@code true}, with no caller completed and the connection dropped, when the connection was
     * lost before the commit was sent: the caller runs the whole batch again.
     */
    private boolean run(List<Job<?>> jobs) {
        Object[] results = new Object[jobs.size()];
        Throwable[] failures = new Throwable[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            Savepoint sp;
            try {
                sp = i == 0 ? hooks.begin(conn) : hooks.mark(conn);
            } catch (SQLException e) {
                StoreException why = rollbackAll(e);
                dropIfBroken(why);
                if (hooks.lost(e)) return true;
                failAll(jobs, why);
                return false;
            }
            try {
                results[i] = jobs.get(i).work().run(conn);
            } catch (Throwable t) {
                if (hooks.lost(t)) {
                    dropIfBroken(rollbackAll(new SQLException(t.getMessage(), "08006", t)));
                    return true;
                }
                failures[i] = classify(t, "write failed: ");
                try {
                    hooks.rollback(conn, sp);
                } catch (SQLException broken) {
                    rollbackAll(broken);
                    dropIfBroken(failures[i] instanceof StoreException ? failures[i] : broken);
                    jobs.get(i).done().completeExceptionally(failures[i]);
                    List<Job<?>> rest = new ArrayList<>(jobs);
                    rest.remove(i);
                    if (conn == null) failAll(rest, lost);
                    else if (!rest.isEmpty() && run(rest)) failAll(rest, lost);
                    return false;
                }
            }
        }
        try {
            hooks.end(conn);
        } catch (SQLException e) {
            StoreException why = rollbackAll(e);
            dropIfBroken(why);
            if (hooks.lost(e)) return true;
            failAll(jobs, why);
            return false;
        }
        try {
            // with WRITE_DELAY=0, H2 has written the new chunk to the file when commit() returns; PostgreSQL
            // has flushed the commit to its WAL (synchronous_commit)
            conn.commit();
        } catch (SQLException e) {
            if (hooks.lost(e)) {
                // the commit was sent and no answer came back: it may or may not have been kept; never ack it
                StoreException why = new StoreException(
                        "the connection to the database was lost while committing:"
                                + " the write may or may not have been kept; check, then retry (" + e.getMessage()
                                + ")",
                        e);
                dropIfBroken(why);
                failAll(jobs, why);
                return false;
            }
            StoreException why = rollbackAll(e);
            dropIfBroken(why);
            failAll(jobs, why);
            return false;
        }
        try {
            committed.run();
        } catch (IOException e) {
            // committed, but the seal cannot vouch for it: say so rather than acknowledge
            Throwable why = classify(
                    new SQLException(e.getMessage(), e),
                    "write committed but its seal could not be updated (it may or may not be kept): ");
            trouble = (StoreException) why;
            failAll(jobs, why);
            return false;
        }
        // the commit reached the file; a work of this batch that itself ran out of space keeps the trouble
        trouble = diskFullAmong(failures);
        for (int i = 0; i < jobs.size(); i++) complete(jobs.get(i), results[i], failures[i]);
        return false;
    }

    private static StoreException diskFullAmong(Throwable[] failures) {
        for (Throwable f : failures) if (f instanceof DiskFullException d) return d;
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Job<T> job, Object result, Throwable failure) {
        if (failure != null) job.done().completeExceptionally(failure);
        else job.done().complete((T) result);
    }

    private StoreException rollbackAll(SQLException cause) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the commit failure is what the callers need to hear about
        }
        if (FileCheck.diskFull(cause)) return new DiskFullException(dir, cause);
        return new StoreException("write not committed (nothing was saved): " + cause.getMessage(), cause);
    }

    private static void failAll(List<Job<?>> jobs, Throwable t) {
        for (Job<?> j : jobs) j.done().completeExceptionally(t);
    }

    /** Finishes every write queued before the call, then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
