package dev.dispatch.coord;

import dev.dispatch.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Strictly increasing numbers (fencing tokens, message sequence numbers) that survive crashes. */
final class Counters {
    private Counters() {}

    /**
     * The next value of {@code sequence}, but never at or below the highest value already committed:
     * sequences are not transactional, and a crash could otherwise hand out a number again.
     */
    static long next(Connection c, String sequence, String maxSql) throws SQLException {
        long seq;
        try (PreparedStatement ps = c.prepareStatement(Dialect.of(c).nextValue(sequence));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement(maxSql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Math.max(seq, rs.getLong(1) + 1);
        }
    }
}
