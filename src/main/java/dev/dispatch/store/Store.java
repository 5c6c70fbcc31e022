package dev.dispatch.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The H2 file that holds everything durable. One process owns it at a time. {@link #write} returns
 * only after its transaction has committed; {@link #read} sees committed state.
 *
 * <p>Minimal first version: one connection, serialised. The store issue replaces the internals
 * (owner lock, group commit, waiting one-shots) behind the same API.
 */
public final class Store implements AutoCloseable {
    private final Path dir;
    private final Connection conn;

    private Store(Path dir, Connection conn) {
        this.dir = dir;
        this.conn = conn;
    }

    public static Store open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:h2:file:" + dataDir.resolve("dispatch").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
            Connection c = DriverManager.getConnection(url, "dispatch", "");
            c.setAutoCommit(false);
            Migrations.apply(c);
            return new Store(dataDir, c);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized <T> T write(SqlWork<T> work) {
        try {
            T result = work.run(conn);
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (e instanceof RuntimeException re) throw re;
            throw new StoreException("write failed: " + e.getMessage(), e);
        }
    }

    public synchronized <T> T read(SqlWork<T> work) {
        try {
            T result = work.run(conn);
            conn.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("close failed: " + e.getMessage(), e);
        }
    }
}
