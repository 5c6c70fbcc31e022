package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of SQL run inside one transaction by {@link Store#write} or {@link Store#read}. A work uses only
 * the connection it is given and never commits, rolls back or closes it (the store does, for a whole
 * group of writes); schema changes (DDL commits implicitly in H2) belong in a migration script.
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
