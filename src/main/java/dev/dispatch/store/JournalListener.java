package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How a daemon on a shared PostgreSQL store learns of other daemons' commits (issue 26): one connection
 * of its own that {@code LISTEN}s on {@link Postgres#CHANNEL}; every write batch sends a {@code NOTIFY} that
 * PostgreSQL delivers only after the batch committed, with the sending store's name as payload. On a
 * notification from another store (and at least once a second as a safety net, and after a reconnect, when
 * notifications may have been missed) it runs {@code onCommit}, which reads the journal after its own
 * cursor: the journal, not the notification, carries the events, so order and completeness come from the
 * global sequence ({@link Postgres}). Its own store's notifications wake it for nothing (their events were
 * published at their commit), so they are skipped: every other daemon's commit brings its own notification.
 */
public final class JournalListener implements AutoCloseable {
    private static final int WAIT_MS = 1_000;

    private final Postgres pg;
    private final String self;
    private final Runnable onCommit;
    private long lastRun;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection conn;

    private JournalListener(Postgres pg, String self, Runnable onCommit) {
        this.pg = pg;
        this.self = self;
        this.onCommit = onCommit;
        this.thread =
                Thread.ofPlatform().daemon().name("dispatch-journal-listener").start(this::loop);
    }

    /** Starts listening for {@code store}'s database; {@code null} for the embedded H2 store (one writer). */
    public static JournalListener start(Store store, Runnable onCommit) {
        StoreUrl url = store.database();
        if (url == null) return null;
        JournalListener l = new JournalListener(new Postgres(url), store.sender(), onCommit);
        store.onClose(l::close);
        return l;
    }

    private void loop() {
        while (!closed) {
            try (Connection c = pg.reconnect()) {
                c.setAutoCommit(true);
                conn = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + Postgres.CHANNEL);
                }
                run(); // whatever committed while we were not listening
                PGConnection listen = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] got = listen.getNotifications(WAIT_MS);
                    if (closed) return;
                    // on another store's notification, or the once-a-second safety net
                    if (foreign(got) || System.nanoTime() - lastRun >= WAIT_MS * 1_000_000L) run();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                pause();
            } finally {
                conn = null;
            }
        }
    }

    private boolean foreign(PGNotification[] got) {
        if (got == null) return false;
        for (PGNotification n : got) if (!self.equals(n.getParameter())) return true;
        return false;
    }

    private void run() {
        lastRun = System.nanoTime();
        try {
            onCommit.run();
        } catch (RuntimeException e) {
            // a failed read (the server restarting) is retried at the next wake-up
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = conn;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing wakes the listener thread either way
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
