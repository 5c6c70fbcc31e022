package dev.dispatch.cli;

import dev.dispatch.protocol.ModelOps;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch keys}: each key's state (active, cooling, exhausted, disabled, missing) and spend this
 * period. Never prints a secret. JSON: {@link ModelOps.KeysResult}.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "List API keys: active/cooling/exhausted/disabled/missing, spend today and per budget.")
public final class KeysCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelOps.KeysResult r = EngineQuery.ask(spec, ModelOps.ListKeys::new);
        if (json.enabled()) {
            EngineQuery.printJson(spec, r);
            return ExitCode.OK.code();
        }
        if (r.keys().isEmpty()) {
            spec.commandLine().getOut().println("no keys configured: add keys: to ~/.config/dispatch/config.yaml");
            return ExitCode.OK.code();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("KEY", "PROVIDER", "PRIORITY", "STATUS", "TODAY", "BUDGETS", "DETAIL"));
        for (ModelOps.KeyRow k : r.keys()) {
            String detail = k.detail()
                    + (k.until() == null ? "" : (k.detail().isEmpty() ? "" : "; ") + "until " + WHEN.format(k.until()));
            rows.add(List.of(
                    k.id(),
                    k.provider(),
                    String.valueOf(k.priority()),
                    k.status(),
                    String.format(Locale.ROOT, "$%.2f", k.spentTodayUsd()),
                    budgets(k),
                    detail.isEmpty() ? "-" : detail));
        }
        spec.commandLine().getOut().print(EngineQuery.table(rows));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }

    private static String budgets(ModelOps.KeyRow k) {
        if (k.budgets().isEmpty()) return "unlimited";
        List<String> out = new ArrayList<>();
        for (ModelOps.BudgetRow b : k.budgets()) {
            out.add(amount(b.used(), b.unit()) + "/" + amount(b.limit(), b.unit()) + " " + b.period());
        }
        return String.join(", ", out);
    }

    /** {@code " ($1.00/$5.00 day)"} for the first cap, or "" when unlimited. */
    static String budgetText(ModelOps.KeyRow k) {
        return k.budgets().isEmpty() ? "" : " (" + budgets(k) + ")";
    }

    private static String amount(double v, String unit) {
        return unit.equals("usd")
                ? String.format(Locale.ROOT, "$%.2f", v)
                : String.format(Locale.ROOT, "%,d", (long) v) + " tok";
    }
}
