package dev.dispatch.coord;

import dev.dispatch.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AgentDirectory} over the {@code agent} table (primary key (space, name), nullable
 * {@code parent}), which the agents part of coord owns. Reads only. Until that table exists no
 * agent is known, so commands that name one say "unknown agent" rather than failing on SQL.
 */
final class SqlAgentDirectory implements AgentDirectory {
    /** H2's error code for a missing table. */
    private static final int TABLE_NOT_FOUND = 42102;

    private final Ledger ledger;

    SqlAgentDirectory(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public boolean exists(String space, String name) {
        return !strings("SELECT name FROM agent WHERE space = ? AND name = ?", space, name)
                .isEmpty();
    }

    @Override
    public Optional<String> parentOf(String space, String name) {
        List<String> p =
                strings("SELECT parent FROM agent WHERE space = ? AND name = ? AND parent IS NOT NULL", space, name);
        return p.isEmpty() ? Optional.empty() : Optional.of(p.get(0));
    }

    @Override
    public List<String> childrenOf(String space, String name) {
        return strings("SELECT name FROM agent WHERE space = ? AND parent = ? ORDER BY name", space, name);
    }

    @Override
    public List<String> names(String space) {
        return strings("SELECT name FROM agent WHERE space = ? ORDER BY name", space);
    }

    /** Rows of the first column; no rows when the agent table does not exist yet (no agent was ever registered). */
    private List<String> strings(String sql, String... args) {
        try {
            return query(sql, args);
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException q && q.getErrorCode() == TABLE_NOT_FOUND) return List.of();
            throw e;
        }
    }

    private List<String> query(String sql, String... args) {
        return ledger.read((c, now) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
    }
}
