package dev.dispatch.app;

import dev.dispatch.agent.Route;
import dev.dispatch.config.Config;
import dev.dispatch.config.KeyConfig;
import dev.dispatch.config.ModelConfig;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.session.BudgetCaps;
import dev.dispatch.session.Budgets;
import dev.dispatch.session.KeyStates;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers {@link ModelOps} about models and keys from the live config, key health and the ledger:
 * what each key may still spend, which key is active for each model, and which model and key would
 * serve a tag now and why. A key counts as exhausted when a minimal call's worst case no longer fits.
 */
final class KeyReports {
    private final ModelCatalog catalog;
    private final Budgets budgets;
    private final KeyStates states;
    private final InstantSource clock;

    KeyReports(ModelCatalog catalog, Budgets budgets, KeyStates states, InstantSource clock) {
        this.catalog = catalog;
        this.budgets = budgets;
        this.states = states;
        this.clock = clock;
    }

    ModelOps.KeysResult keys(Config config) {
        List<ModelOps.KeyRow> rows = new ArrayList<>();
        for (KeyConfig k : config.keys()) {
            // the cheapest model the key serves decides whether any call still fits
            BigDecimal minimal = config.models().stream()
                    .filter(m -> ModelCatalog.keysOf(config, m).contains(k))
                    .map(m -> minimalCall(config, m))
                    .min(BigDecimal::compareTo)
                    .orElse(BigDecimal.ZERO);
            rows.add(key(config, k, minimal));
        }
        return new ModelOps.KeysResult(rows);
    }

    ModelOps.ModelsResult models(Config config) {
        List<ModelOps.ModelRow> rows = new ArrayList<>();
        for (ModelConfig m : config.models()) {
            BigDecimal minimal = minimalCall(config, m);
            List<ModelOps.KeyRow> keys = ModelCatalog.keysOf(config, m).stream()
                    .map(k -> key(config, k, minimal))
                    .toList();
            String active = keys.stream()
                    .filter(k -> k.status().equals("active"))
                    .map(ModelOps.KeyRow::id)
                    .findFirst()
                    .orElse(keys.isEmpty() && config.keysFor(m.provider()).isEmpty() ? "(environment)" : null);
            rows.add(new ModelOps.ModelRow(
                    m.id(),
                    m.provider(),
                    m.name(),
                    m.tags(),
                    m.contextWindow().map(Long::intValue).orElse(null),
                    m.price().input().orElse(null),
                    m.price().output().orElse(null),
                    active,
                    keys));
        }
        return new ModelOps.ModelsResult(rows);
    }

    /** Walks the routes as the gateway would, without reserving anything. */
    ModelOps.ResolutionResult resolve(Config config, String tag, String model) {
        List<String> steps = new ArrayList<>();
        Instant soonest = null;
        for (ModelConfig m : catalog.candidates(config, model, tag)) {
            List<KeyConfig> keys = ModelCatalog.keysOf(config, m);
            for (KeyConfig k : keys) {
                if (k.secret().reveal(catalog.env()).isEmpty()) {
                    steps.add(m.id() + " / " + k.id() + ": skipped, "
                            + k.secret().envVar().map(v -> v + " is not set").orElse("no secret"));
                }
            }
            for (Route r : catalog.routes(config, m.id(), null)) {
                if (!r.model().id().equals(m.id())) continue;
                ModelOps.KeyRow row = config.key(r.keyId())
                        .map(k -> key(config, k, minimalCall(config, m)))
                        .orElse(new ModelOps.KeyRow(r.keyId(), m.provider(), 0, "active", "", null, 0, List.of()));
                if (row.status().equals("active")) {
                    String why = (tag != null ? "first model with tag '" + tag + "'" : "the requested model")
                            + " along the fallback order whose key is usable"
                            + (steps.isEmpty() ? "" : " (after " + steps.size() + " skipped)");
                    steps.add(m.id() + " / " + r.keyId() + ": usable" + budgetNote(row));
                    return new ModelOps.ResolutionResult(m.id(), r.keyId(), why, steps, null);
                }
                steps.add(m.id() + " / " + r.keyId() + ": " + row.status()
                        + (row.detail().isEmpty() ? "" : " (" + row.detail() + ")"));
                if (row.until() != null && (soonest == null || row.until().isBefore(soonest))) soonest = row.until();
            }
        }
        return new ModelOps.ResolutionResult(
                null,
                null,
                "no model and key can serve now; an agent would wait"
                        + (soonest == null ? "" : " until about " + soonest),
                steps,
                soonest);
    }

    private static String budgetNote(ModelOps.KeyRow row) {
        if (row.budgets().isEmpty()) return ", no budget";
        ModelOps.BudgetRow b = row.budgets().get(0);
        return ", " + fmt(b.remaining(), b.unit()) + " of " + fmt(b.limit(), b.unit()) + " " + b.period() + " left";
    }

    private ModelOps.KeyRow key(Config config, KeyConfig k, BigDecimal minimalUsd) {
        BudgetCaps caps = KeyCaps.of(k.budget());
        List<Budgets.Usage> usage = budgets.usage(k.id(), caps);
        List<ModelOps.BudgetRow> rows = usage.stream()
                .map(u -> new ModelOps.BudgetRow(
                        u.cap().period().name().toLowerCase(Locale.ROOT),
                        u.cap().unit().name().toLowerCase(Locale.ROOT),
                        u.cap().limit().doubleValue(),
                        u.used().doubleValue(),
                        u.remaining().doubleValue(),
                        u.resetsAt().orElse(null)))
                .toList();
        Instant now = clock.instant();
        double today =
                budgets.spentUsd(k.id(), caps.start(BudgetCaps.Period.DAY, now)).doubleValue();
        if (k.secret().reveal(catalog.env()).isEmpty()) {
            return new ModelOps.KeyRow(
                    k.id(),
                    k.provider(),
                    k.priority(),
                    "missing",
                    k.secret().envVar().map(v -> v + " is not set").orElse("no secret"),
                    null,
                    today,
                    rows);
        }
        String fingerprint = KeyFingerprints.of(
                k,
                config.provider(k.provider()).orElse(null),
                k.secret().reveal(catalog.env()).orElseThrow());
        KeyStates.KeyHealth h = states.health(k.id(), fingerprint);
        if (h.health() != KeyStates.Health.ACTIVE) {
            return new ModelOps.KeyRow(
                    k.id(),
                    k.provider(),
                    k.priority(),
                    h.health().name().toLowerCase(Locale.ROOT),
                    h.reason(),
                    h.until().orElse(null),
                    today,
                    rows);
        }
        Optional<Budgets.Usage> spent = usage.stream()
                .filter(u -> u.remaining().signum() <= 0
                        || u.cap().unit() == BudgetCaps.Unit.USD
                                && u.remaining().compareTo(minimalUsd) < 0)
                .findFirst();
        if (spent.isPresent()) {
            Budgets.Usage u = spent.get();
            return new ModelOps.KeyRow(
                    k.id(),
                    k.provider(),
                    k.priority(),
                    "exhausted",
                    fmt(u.used().doubleValue(), u.cap().unit().name().toLowerCase(Locale.ROOT)) + " of "
                            + u.cap().describe() + " used",
                    u.resetsAt().orElse(null),
                    today,
                    rows);
        }
        return new ModelOps.KeyRow(k.id(), k.provider(), k.priority(), "active", "", null, today, rows);
    }

    /** The worst case of the smallest call: a full-length answer at the model's output price. */
    private static BigDecimal minimalCall(Config config, ModelConfig m) {
        long maxTokens = config.provider(m.provider()).map(p -> p.maxTokens()).orElse(0L);
        return BigDecimal.valueOf(m.price().output().orElse(0.0))
                .multiply(BigDecimal.valueOf(maxTokens))
                .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64);
    }

    static String fmt(double amount, String unit) {
        return unit.equals("usd")
                ? String.format(Locale.ROOT, "$%.2f", amount)
                : String.format(Locale.ROOT, "%,d tokens", (long) amount);
    }
}
