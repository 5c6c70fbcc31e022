package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens and cost per agent, summed from the usage ledger ({@code session_usage}) of the sessions those
 * agents ran in: what {@code dispatch agent tree} shows per node and rolls up per subtree.
 */
public final class AgentUsage {
    /** One agent's totals. */
    public record Totals(long inputTokens, long outputTokens, BigDecimal costUsd) {}

    private final Store store;

    public AgentUsage(Store store) {
        this.store = store;
    }

    /** Totals by agent id over the usage rows of {@code sessionIds} (agents without rows are absent). */
    public Map<String, Totals> bySessions(Collection<String> sessionIds) {
        List<String> ids = sessionIds.stream().filter(s -> s != null).distinct().toList();
        if (ids.isEmpty()) return Map.of();
        return store.read(c -> {
            Map<String, Totals> out = new HashMap<>();
            // in slices: one IN list per few hundred sessions keeps the statement small
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> slice = ids.subList(from, Math.min(ids.size(), from + 500));
                String marks = String.join(", ", java.util.Collections.nCopies(slice.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, SUM(input_tokens), SUM(output_tokens),"
                        + " SUM(cost_usd) FROM session_usage WHERE session_id IN (" + marks + ") GROUP BY agent_id")) {
                    for (int i = 0; i < slice.size(); i++) ps.setString(i + 1, slice.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getString(1) == null) continue;
                            BigDecimal cost = rs.getBigDecimal(4);
                            out.merge(
                                    rs.getString(1),
                                    new Totals(rs.getLong(2), rs.getLong(3), cost == null ? BigDecimal.ZERO : cost),
                                    (a, b) -> new Totals(
                                            a.inputTokens() + b.inputTokens(),
                                            a.outputTokens() + b.outputTokens(),
                                            a.costUsd().add(b.costUsd())));
                        }
                    }
                }
            }
            return out;
        });
    }
}
