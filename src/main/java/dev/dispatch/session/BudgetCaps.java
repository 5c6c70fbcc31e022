package dev.dispatch.session;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The spending caps of one key, as {@link Budgets} enforces them: each cap is a limit in USD or tokens
 * over a period. Days start at {@code resetHour} UTC; months start on {@code resetDay} at that hour.
 */
public record BudgetCaps(List<Cap> caps, int resetHour, int resetDay) {
    public static final BudgetCaps NONE = new BudgetCaps(List.of(), 0, 1);

    public enum Period {
        DAY,
        MONTH,
        TOTAL
    }

    public enum Unit {
        USD,
        TOKENS
    }

    /** One limit, e.g. 5 USD per DAY. */
    public record Cap(Period period, Unit unit, BigDecimal limit) {
        public String describe() {
            String amount = unit == Unit.USD
                    ? "$" + limit.stripTrailingZeros().toPlainString()
                    : limit.toPlainString() + " tokens";
            return amount
                    + (period == Period.TOTAL
                            ? " in total"
                            : " per " + period.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    public BudgetCaps {
        caps = List.copyOf(caps);
        if (resetHour < 0 || resetHour > 23)
            throw new IllegalArgumentException("resetHour must be 0..23, got " + resetHour);
        if (resetDay < 1 || resetDay > 28)
            throw new IllegalArgumentException("resetDay must be 1..28, got " + resetDay);
    }

    /** When the period containing {@code now} began; {@link Instant#EPOCH} for TOTAL. */
    public Instant start(Period p, Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        return switch (p) {
            case TOTAL -> Instant.EPOCH;
            case DAY -> {
                ZonedDateTime s = t.toLocalDate().atTime(resetHour, 0).atZone(ZoneOffset.UTC);
                yield (s.isAfter(t) ? s.minusDays(1) : s).toInstant();
            }
            case MONTH -> {
                LocalDate d = t.toLocalDate().withDayOfMonth(resetDay);
                ZonedDateTime s = d.atTime(resetHour, 0).atZone(ZoneOffset.UTC);
                yield (s.isAfter(t) ? s.minusMonths(1) : s).toInstant();
            }
        };
    }

    /** When the period containing {@code now} ends; empty for TOTAL, which never resets. */
    public Optional<Instant> next(Period p, Instant now) {
        Instant s = start(p, now);
        return switch (p) {
            case TOTAL -> Optional.empty();
            case DAY -> Optional.of(s.atZone(ZoneOffset.UTC).plusDays(1).toInstant());
            case MONTH -> Optional.of(s.atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
        };
    }
}
