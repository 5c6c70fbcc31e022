package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read connections, opened on demand and kept for reuse, so reads never queue behind the writer. Each
 * {@code read} is its own transaction and sees state committed before it started. On PostgreSQL a read
 * whose connection was lost (the server restarted) is run once more on a new connection: reads change
 * nothing, so running one again is safe.
 */
final class Readers implements AutoCloseable {
    private static final int MAX_IDLE = 8;

    /** Opens one read connection (autocommit off). */
    interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final boolean retryLost;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_IDLE);
    private final List<Connection> all = new ArrayList<>();
    private boolean closed;

    Readers(Connector connector, boolean retryLost) {
        this.connector = connector;
        this.retryLost = retryLost;
    }

    <T> T run(SqlWork<T> work) {
        if (!retryLost) return once(work);
        try {
            return once(work);
        } catch (StoreException e) {
            if (!Postgres.lost(e)) throw e;
            dropIdle(); // the idle ones went with the server too: open new ones
            return once(work);
        }
    }

    private <T> T once(SqlWork<T> work) {
        Connection c = take();
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (Postgres.lost(e)) {
                try {
                    c.close(); // not back into the pool
                } catch (SQLException ignored) {
                    // it is gone already
                }
            }
            throw new StoreException("read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            give(c);
        }
    }

    private Connection take() {
        Connection c = idle.poll();
        if (c != null) return c;
        synchronized (this) {
            if (closed) throw new StoreException("the store is closed; open it again to read");
            try {
                c = connector.open();
                all.add(c);
                return c;
            } catch (SQLException e) {
                throw new StoreException("cannot open a read connection: " + e.getMessage(), e);
            }
        }
    }

    private void give(Connection c) {
        synchronized (this) {
            // a connection H2 closed (its store failed a write) is dropped; the next read opens a new one
            if (!closed && open(c) && idle.offer(c)) return;
            all.remove(c);
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // a surplus read connection that fails to close holds nothing we need
        }
    }

    private static boolean open(Connection c) {
        try {
            return !c.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the read's own failure is the one worth reporting
        }
    }

    /** Closes the idle connections (in-use ones come back and are checked then). */
    private void dropIdle() {
        List<Connection> dropped = new ArrayList<>();
        idle.drainTo(dropped);
        synchronized (this) {
            all.removeAll(dropped);
        }
        for (Connection c : dropped) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a lost connection may fail to close; it holds nothing
            }
        }
    }

    /**
     * Closes every connection so that H2 can close the database for a rewrite; the next {@code run} opens
     * new ones. The caller guarantees that no read is running.
     */
    synchronized void closeIdle() {
        idle.clear();
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a connection that fails to close is dropped all the same; H2 closes it with the database
            }
        }
        all.clear();
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        idle.clear();
        for (Connection c : all) c.close();
        all.clear();
    }
}
