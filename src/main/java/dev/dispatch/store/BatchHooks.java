package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * What a backend does around each {@link Writer} batch, and how it marks the point each work rolls back to.
 * H2 runs in this process, so a statement costs no network round trip and the defaults (a JDBC savepoint
 * per work) are all it needs. PostgreSQL ({@link Postgres#batch}) takes the database-wide write turn and
 * queues its {@code NOTIFY} in the same round trip as the first savepoint, because on a busy machine
 * every round trip to the server costs more than the statement itself (bench/pg-scale.sh counts them).
 * {@link #lost} says whether a failure means the connection is gone, in which case a batch that has not
 * reached its commit is run again, whole, on a new connection (nothing of it was committed).
 */
interface BatchHooks {
    BatchHooks NONE = new BatchHooks() {};

    /** Opens the batch on {@code c} and returns the savepoint before its first work. */
    default Savepoint begin(Connection c) throws SQLException {
        return c.setSavepoint();
    }

    /** The savepoint before each later work of the batch. */
    default Savepoint mark(Connection c) throws SQLException {
        return c.setSavepoint();
    }

    /** Undoes one failed work: back to {@code sp}, as if it had never run. */
    default void rollback(Connection c, Savepoint sp) throws SQLException {
        c.rollback(sp);
    }

    /** Runs last before the commit. */
    default void end(Connection c) throws SQLException {}

    default boolean lost(Throwable t) {
        return false;
    }
}
