package dev.dispatch.session;

import dev.dispatch.protocol.SessionBrowseOps.CostReport;
import dev.dispatch.protocol.SessionBrowseOps.UsageLine;
import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a session cost, from the usage ledger: by (provider, model, key) for {@code sessions show} and
 * {@code sessions cost}, and by provider. A call recorded before the ledger kept providers counts
 * under the session's provider.
 */
final class SessionCosts {
    private final Store store;

    SessionCosts(Store store) {
        this.store = store;
    }

    /** Usage lines of the sessions {@code ids}; {@code byProvider} folds models and keys into their provider. */
    List<UsageLine> usage(List<String> ids, boolean byProvider) {
        String in = String.join(",", Collections.nCopies(ids.size(), "?"));
        String provider = "COALESCE(u.provider, s.provider)";
        String cols = byProvider ? provider : "u.model, u.key_id, " + provider;
        String sql = "SELECT " + cols + ", SUM(u.input_tokens),"
                + " SUM(u.output_tokens), SUM(u.cost_usd) FROM session_usage u JOIN session s ON s.id = u.session_id"
                + " WHERE u.session_id IN (" + in + ") GROUP BY " + cols + " ORDER BY " + cols;
        return store.read(c -> {
            List<UsageLine> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int k = byProvider ? 1 : 3;
                        out.add(new UsageLine(
                                byProvider ? null : rs.getString(1),
                                byProvider ? null : rs.getString(2),
                                rs.getLong(k + 1),
                                rs.getLong(k + 2),
                                rs.getBigDecimal(k + 3).doubleValue(),
                                rs.getString(k)));
                    }
                }
            }
            return out;
        });
    }

    List<UsageLine> usage(String sessionId, boolean byProvider) {
        return usage(List.of(sessionId), byProvider);
    }

    CostReport report(SessionRecord r, List<String> ids) {
        List<UsageLine> providers = usage(ids, true);
        long in = 0;
        long out = 0;
        double usd = 0;
        for (UsageLine l : providers) {
            in += l.inputTokens();
            out += l.outputTokens();
            usd += l.costUsd();
        }
        return new CostReport(r.id(), r.title(), in, out, usd, providers, usage(ids, false));
    }
}
