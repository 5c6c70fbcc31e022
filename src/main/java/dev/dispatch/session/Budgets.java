package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The spend ledger of API keys (ARCHITECTURE.md §7): before a call its worst case is reserved, in
 * the same store transaction that checked every cap of the key, so concurrent agents can never push
 * a key past a cap; after the call the reservation is settled to the actual cost. A reservation
 * never settled (the process died mid-call) keeps counting at its worst case.
 */
public final class Budgets {
    private final Store store;
    private final InstantSource clock;

    public Budgets(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What {@link #reserve} decided. */
    public sealed interface Reservation {}

    /** Admitted: settle {@code id} after the call. */
    public record Reserved(long id) implements Reservation {}

    /** Refused: the reservation would pass {@code cap}; it frees up at {@code resetsAt} (never for totals). */
    public record Refused(BudgetCaps.Cap cap, BigDecimal used, Optional<Instant> resetsAt) implements Reservation {
        public String describe() {
            String amount = cap.unit() == BudgetCaps.Unit.USD
                    ? "$"
                            + used.setScale(4, java.math.RoundingMode.HALF_UP)
                                    .stripTrailingZeros()
                                    .toPlainString()
                    : used.toPlainString() + " tokens";
            return amount + " of " + cap.describe() + " used";
        }
    }

    /** How much of one cap is used now (settled costs plus open reservations). */
    public record Usage(BudgetCaps.Cap cap, BigDecimal used, Optional<Instant> resetsAt) {
        public BigDecimal remaining() {
            return cap.limit().subtract(used).max(BigDecimal.ZERO);
        }
    }

    public Reservation reserve(
            String keyId, BudgetCaps caps, String model, String agentId, BigDecimal usd, long tokens) {
        return store.write(c -> {
            // 1) every cap must have room for the worst case
            Instant now = clock.instant();
            for (BudgetCaps.Cap cap : caps.caps()) {
                BigDecimal used = used(c, keyId, cap, caps.start(cap.period(), now));
                BigDecimal want = cap.unit() == BudgetCaps.Unit.USD ? usd : BigDecimal.valueOf(tokens);
                if (used.add(want).compareTo(cap.limit()) > 0)
                    return new Refused(cap, used, caps.next(cap.period(), now));
            }
            // 2) then the reservation, in the same transaction
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO key_spend(key_id, model, agent_id, reserved_usd,"
                            + " reserved_tokens, created_at) VALUES (?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, keyId);
                ps.setString(2, model);
                ps.setString(3, agentId);
                ps.setBigDecimal(4, usd);
                ps.setLong(5, tokens);
                ps.setTimestamp(6, Timestamp.from(now));
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return new Reserved(rs.getLong(1));
                }
            }
        });
    }

    /** Replaces a reservation by the call's actual cost. */
    public void settle(Reserved r, BigDecimal usd, long tokens) {
        store.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE key_spend SET usd = ?, tokens = ?, settled_at = ? WHERE id = ?")) {
                ps.setBigDecimal(1, usd);
                ps.setLong(2, tokens);
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setLong(4, r.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Each cap of the key with what is used of it now. */
    public List<Usage> usage(String keyId, BudgetCaps caps) {
        return store.read(c -> {
            Instant now = clock.instant();
            List<Usage> out = new ArrayList<>();
            for (BudgetCaps.Cap cap : caps.caps()) {
                out.add(new Usage(
                        cap, used(c, keyId, cap, caps.start(cap.period(), now)), caps.next(cap.period(), now)));
            }
            return out;
        });
    }

    /** USD spent (settled, plus open reservations) by the key since {@code since}. */
    public BigDecimal spentUsd(String keyId, Instant since) {
        return store.read(c -> used(
                c, keyId, new BudgetCaps.Cap(BudgetCaps.Period.TOTAL, BudgetCaps.Unit.USD, BigDecimal.ZERO), since));
    }

    private static BigDecimal used(Connection c, String keyId, BudgetCaps.Cap cap, Instant since) throws SQLException {
        String column =
                cap.unit() == BudgetCaps.Unit.USD ? "COALESCE(usd, reserved_usd)" : "COALESCE(tokens, reserved_tokens)";
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(" + column + "), 0) FROM key_spend WHERE key_id = ? AND created_at >= ?")) {
            ps.setString(1, keyId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }
}
