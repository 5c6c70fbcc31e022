package dev.dispatch.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL side of a {@link Store} (issue 26): how to connect, what every write batch does first and
 * last, and which failures mean the connection is gone (a restarted or unreachable server) rather than a
 * bad statement.
 *
 * <p><b>One journal order across daemons.</b> Each daemon still writes through its own single
 * {@link Writer} (group commit), but several daemons now commit to one database. A batch first takes a
 * transaction-scoped advisory lock ({@link #WRITE_LOCK}) and holds it until its commit, so batches of all
 * daemons commit one after another: journal sequence numbers (and every identity value) are handed out in
 * commit order across daemons, and a reader resuming after N never misses a later commit of a smaller
 * number, exactly as with H2's one writer. The price is that writes do not run in parallel across daemons
 * (each batch still carries up to 512 writes per commit); reads do. Claims additionally use
 * {@code FOR UPDATE SKIP LOCKED} and the one-winner conditional update, so a claim is correct without the
 * lock too. Each batch also sends {@code NOTIFY dispatch_journal}: PostgreSQL delivers it to the listeners of
 * every daemon only once the commit is durable ({@link JournalListener}).
 */
final class Postgres {
    /** The advisory lock key every write batch holds until commit ("dispatch" in ASCII, as a number). */
    static final long WRITE_LOCK = 0x6469737061746368L;

    /** The advisory lock key migrations hold, so daemons starting together apply each script once. */
    static final long MIGRATION_LOCK = WRITE_LOCK + 1;

    /** The channel that carries "new journal rows committed" between daemons. */
    static final String CHANNEL = "dispatch_journal";

    /** How long a lost connection is retried (a server restart) before writes and reads fail. */
    static final long RECONNECT_NANOS = Long.getLong("dispatch.store.reconnectMs", 30_000L) * 1_000_000L;

    /** The savepoint each work of a batch rolls back to (PostgreSQL rolls back to the newest of a name). */
    private static final String SAVEPOINT = "dispatch_work";

    private final StoreUrl url;
    /**
     * This store's name on {@link #CHANNEL}: the payload of its notifications, so that its own listener can
     * tell them from other daemons' and not read the journal again after each of its own commits.
     */
    private final String sender;

    Postgres(StoreUrl url) {
        this(url, Long.toHexString(new java.security.SecureRandom().nextLong()));
    }

    Postgres(StoreUrl url, String sender) {
        this.url = url;
        this.sender = sender;
    }

    String sender() {
        return sender;
    }

    /**
     * What a write batch does first and last. One round trip opens it: the database-wide write turn, the
     * {@code NOTIFY} (PostgreSQL delivers it only if the batch commits, so it may be queued first) and the
     * first work's savepoint; one more per later work (its savepoint); the commit. A batch whose works all
     * failed still commits and notifies, which only wakes the listeners for nothing.
     */
    BatchHooks batch() {
        String begin = "SELECT pg_advisory_xact_lock(" + WRITE_LOCK + "); NOTIFY " + CHANNEL + ", '" + sender
                + "'; SAVEPOINT " + SAVEPOINT;
        return new BatchHooks() {
            @Override
            public java.sql.Savepoint begin(Connection c) throws SQLException {
                return execute(c, begin);
            }

            @Override
            public java.sql.Savepoint mark(Connection c) throws SQLException {
                return execute(c, "SAVEPOINT " + SAVEPOINT);
            }

            @Override
            public void rollback(Connection c, java.sql.Savepoint sp) throws SQLException {
                execute(c, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
            }

            @Override
            public boolean lost(Throwable t) {
                return Postgres.lost(t);
            }
        };
    }

    /** Runs {@code sql} (one or more statements, one round trip) and returns the work's savepoint. */
    private static java.sql.Savepoint execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        return Mark.INSTANCE;
    }

    /** The named savepoint of the work running now; {@link #batch} rolls back to it by name. */
    private enum Mark implements java.sql.Savepoint {
        INSTANCE;

        @Override
        public int getSavepointId() throws SQLException {
            throw new SQLException("a named savepoint");
        }

        @Override
        public String getSavepointName() {
            return SAVEPOINT;
        }
    }

    StoreUrl url() {
        return url;
    }

    /** One new connection, autocommit off, read committed. */
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url.jdbc(), url.properties());
        c.setAutoCommit(false);
        return c;
    }

    /**
     * A new connection, retried while the server is unreachable for up to {@link #RECONNECT_NANOS} (a
     * restart takes seconds); other failures (bad password, no such database) are reported at once.
     */
    Connection reconnect() throws SQLException {
        long deadline = System.nanoTime() + RECONNECT_NANOS;
        long pause = 50;
        while (true) {
            try {
                return connect();
            } catch (SQLException e) {
                if (!lost(e) || System.nanoTime() - deadline > 0) throw e;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, 500);
            }
        }
    }

    /**
     * Whether {@code t} (or a cause) says the connection is gone: SQLSTATE class 08 (connection exception),
     * 57P01-57P03 (the server shut down or is starting), or the driver's own "connection closed".
     */
    static boolean lost(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof SQLException e && e.getSQLState() != null) {
                String s = e.getSQLState();
                if (s.startsWith("08") || s.startsWith("57P")) return true;
            }
            if (x == x.getCause()) break;
        }
        return false;
    }

    static boolean valid(Connection c) {
        try {
            return c != null && !c.isClosed() && c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }
}
