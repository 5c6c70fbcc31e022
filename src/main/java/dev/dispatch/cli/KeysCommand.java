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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch keys}: each key's state (active, cooling, exhausted, disabled, missing) and spend this
 * period. Never prints a secret. JSON: {@link ModelOps.KeysResult}. {@code dispatch keys enable ID}
 * tries a disabled key again.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        subcommands = KeysCommand.Enable.class,
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
            spec.commandLine()
                    .getOut()
                    .println("no keys configured: add keys: to "
                            + Cli.globals(spec).dirs().userConfigFile());
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

    /**
     * {@code dispatch keys enable ID}: a key the provider refused (401/403) is disabled until its value or
     * config entry changes; this tries it again now (after the provider fixed the account, say). Through
     * the running daemon when there is one, else on the store directly.
     */
    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Try a disabled (401/403) or cooling key again on the next call.")
    public static final class Enable implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The key's id, as 'dispatch keys' lists it.")
        String keyId;

        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String cwd = Environment.current().cwd().toString();
            CoordCalls.run(spec, json, new ModelOps.EnableKey(cwd, keyId), ack -> {
                spec.commandLine().getOut().println(ack.detail());
                spec.commandLine().getOut().flush();
            });
            return ExitCode.OK.code();
        }
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
