package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How a daemon on a shared PostgreSQL store learns of other daemons' commits (issue 26): one connection
 * of its own that {@code LISTEN}s on {@link Postgres#CHANNEL}; every write batch sends a {@code NOTIFY} that
 * PostgreSQL delivers only after the batch committed. On each notification (and once a second as a safety
 * net, and after a reconnect, when notifications may have been missed) it runs {@code onCommit}, which reads
 * the journal after its own cursor: the journal, not the notification, carries the events, so order and
 * completeness come from the global sequence ({@link Postgres}).
 */
public final class JournalListener implements AutoCloseable {
    private static final int WAIT_MS = 1_000;

    private final Postgres pg;
    private final Runnable onCommit;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection conn;

    private JournalListener(Postgres pg, Runnable onCommit) {
        this.pg = pg;
        this.onCommit = onCommit;
        this.thread =
                Thread.ofPlatform().daemon().name("dispatch-journal-listener").start(this::loop);
    }

    /** Starts listening for {@code store}'s database; {@code null} for the embedded H2 store (one writer). */
    public static JournalListener start(Store store, Runnable onCommit) {
        StoreUrl url = store.database();
        if (url == null) return null;
        JournalListener l = new JournalListener(new Postgres(url), onCommit);
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
                    run(); // on a notification, or the once-a-second safety net
                    if (got == null) continue;
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                pause();
            } finally {
                conn = null;
            }
        }
    }

    private void run() {
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
