package dev.dispatch.app;

import dev.dispatch.config.KeyConfig;
import dev.dispatch.session.BudgetCaps;
import dev.dispatch.session.BudgetCaps.Cap;
import dev.dispatch.session.BudgetCaps.Period;
import dev.dispatch.session.BudgetCaps.Unit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Maps a key's configured {@code budget:} onto the caps the ledger enforces. */
final class KeyCaps {
    private KeyCaps() {}

    static BudgetCaps of(KeyConfig.Budget b) {
        List<Cap> caps = new ArrayList<>();
        b.usdPerDay().ifPresent(v -> caps.add(new Cap(Period.DAY, Unit.USD, BigDecimal.valueOf(v))));
        b.usdPerMonth().ifPresent(v -> caps.add(new Cap(Period.MONTH, Unit.USD, BigDecimal.valueOf(v))));
        b.usdTotal().ifPresent(v -> caps.add(new Cap(Period.TOTAL, Unit.USD, BigDecimal.valueOf(v))));
        b.tokensPerDay().ifPresent(v -> caps.add(new Cap(Period.DAY, Unit.TOKENS, BigDecimal.valueOf(v))));
        b.tokensPerMonth().ifPresent(v -> caps.add(new Cap(Period.MONTH, Unit.TOKENS, BigDecimal.valueOf(v))));
        b.tokensTotal().ifPresent(v -> caps.add(new Cap(Period.TOTAL, Unit.TOKENS, BigDecimal.valueOf(v))));
        return new BudgetCaps(caps, b.resetHour(), b.resetDay());
    }
}
