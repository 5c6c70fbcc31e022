package dev.dispatch.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read connections, opened on demand and kept for reuse, so reads never queue behind the writer. Each
 * {@code read} is its own transaction and sees state committed before it started.
 */
final class Readers implements AutoCloseable {
    private static final int MAX_IDLE = 8;

    private final String url;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_IDLE);
    private final List<Connection> all = new ArrayList<>();
    private boolean closed;

    Readers(String url) {
        this.url = url;
    }

    <T> T run(SqlWork<T> work) {
        Connection c = take();
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c);
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
                c = DriverManager.getConnection(url, "dispatch", "");
                c.setAutoCommit(false);
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
