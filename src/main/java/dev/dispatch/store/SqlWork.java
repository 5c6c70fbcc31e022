package dev.dispatch.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of SQL run inside one transaction by {@link Store#write} or {@link Store#read}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
