package dev.dispatch.coord;

import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AgentDirectory} over the {@code agent} table (primary key (space, name), nullable
 * {@code parent}), which the agents part of coord owns. Reads only.
 */
public final class SqlAgentDirectory implements AgentDirectory {
    private final Store store;

    public SqlAgentDirectory(Store store) {
        this.store = store;
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

    private List<String> strings(String sql, String... args) {
        return store.read(c -> {
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
