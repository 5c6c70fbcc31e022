package dev.dispatch.bench;

import dev.dispatch.session.BudgetCaps;
import dev.dispatch.session.BudgetCaps.Cap;
import dev.dispatch.session.BudgetCaps.Period;
import dev.dispatch.session.BudgetCaps.Unit;
import dev.dispatch.session.Budgets;
import dev.dispatch.session.KeyStates;
import dev.dispatch.session.Sessions;
import dev.dispatch.session.UsageRow;
import dev.dispatch.store.Store;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What key budgets add to each model call (issue 8): the key-health read, the atomic worst-case
 * reservation checked against three caps, and the settle — single-threaded and with 16 agents at once
 * — against the baseline of the usage row every call already writes ({@code Sessions.recordUsage}).
 * A model call itself takes hundreds of milliseconds; this shows the ledger's share of it.
 *
 * <p>Run: {@code bench/key-budget.sh [CALLS]}.
 */
public final class KeyBudgetBench {
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("budget-bench");
        try (Store store = Store.open(dir.resolve("data"))) {
            InstantSource clock = InstantSource.system();
            Sessions sessions = new Sessions(store, clock);
            String session = sessions.create("bench", dir.toString(), "bench", "m", "p", null)
                    .id();
            Budgets budgets = new Budgets(store, clock);
            KeyStates states = new KeyStates(store, clock);
            BudgetCaps caps = new BudgetCaps(
                    List.of(
                            new Cap(Period.DAY, Unit.USD, new BigDecimal("1e9")),
                            new Cap(Period.MONTH, Unit.USD, new BigDecimal("1e9")),
                            new Cap(Period.TOTAL, Unit.TOKENS, new BigDecimal("1e15"))),
                    0,
                    1);
            UsageRow row = new UsageRow("agt_bench", "m", "k", 1000, 100, 0, 0, new BigDecimal("0.01"));
            // warm-up, then measure each path
            for (int i = 0; i < 200; i++) {
                sessions.recordUsage(session, row);
                ledgerCall(budgets, states, caps, "warm");
            }
            double usageMs = time(calls, () -> sessions.recordUsage(session, row));
            double ledgerMs = time(calls, () -> ledgerCall(budgets, states, caps, "k1"));
            double concurrentMs = concurrent(calls, 16, budgets, states, caps);
            System.out.printf(Locale.ROOT, "calls: %d%n", calls);
            System.out.printf(Locale.ROOT, "baseline usage row write:            %.3f ms/call%n", usageMs);
            System.out.printf(
                    Locale.ROOT,
                    "health + reserve + settle (1 agent): %.3f ms/call = %.2fx baseline%n",
                    ledgerMs,
                    ledgerMs / usageMs);
            System.out.printf(
                    Locale.ROOT,
                    "same, 16 agents on one key:          %.3f ms/call wall = %.2fx baseline%n",
                    concurrentMs,
                    concurrentMs / usageMs);
        }
    }

    static void ledgerCall(Budgets budgets, KeyStates states, BudgetCaps caps, String key) {
        states.health(key);
        var r = (Budgets.Reserved) budgets.reserve(key, caps, "m", "agt_bench", new BigDecimal("0.05"), 9000);
        budgets.settle(r, new BigDecimal("0.01"), 1100);
    }

    static double time(int n, Runnable r) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) r.run();
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double concurrent(int n, int threads, Budgets budgets, KeyStates states, BudgetCaps caps) throws Exception {
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n / threads; i++) ledgerCall(budgets, states, caps, "k16");
            }));
        }
        for (Thread t : ts) t.join();
        return (System.nanoTime() - t0) / 1e6 / ((n / threads) * threads);
    }
}
