package dev.dispatch.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.session.BudgetCaps.Cap;
import dev.dispatch.session.BudgetCaps.Period;
import dev.dispatch.session.BudgetCaps.Unit;
import dev.dispatch.store.Store;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on a real store: reservations are atomic against every cap, settle to actual, periods reset. */
class BudgetsTest {
    @TempDir
    Path data;

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T10:00:00Z"));
    final InstantSource clock = now::get;

    static BudgetCaps usdPerDay(String limit) {
        return new BudgetCaps(List.of(new Cap(Period.DAY, Unit.USD, new BigDecimal(limit))), 0, 1);
    }

    @Test
    void fiftyConcurrentCallsAgainstOneDollarLeftNeverPassTheCap() throws Exception {
        try (Store store = Store.open(data)) {
            Budgets budgets = new Budgets(store, clock);
            BudgetCaps caps = usdPerDay("5");
            // $4 already spent today: $1 remains
            var spent = (Budgets.Reserved) budgets.reserve("k", caps, "m", "agt_0", new BigDecimal("4"), 0);
            budgets.settle(spent, new BigDecimal("4"), 0);

            ExecutorService pool = Executors.newFixedThreadPool(50);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Budgets.Reservation>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String agent = "agt_" + i;
                Callable<Budgets.Reservation> c = () -> {
                    go.await();
                    return budgets.reserve("k", caps, "m", agent, new BigDecimal("0.10"), 1000);
                };
                calls.add(pool.submit(c));
            }
            go.countDown();
            List<Budgets.Reserved> admitted = new ArrayList<>();
            for (var f : calls) if (f.get() instanceof Budgets.Reserved r) admitted.add(r);
            pool.shutdown();

            assertThat(admitted).hasSize(10);
            assertThat(budgets.usage("k", caps).get(0).used()).isEqualByComparingTo("5.00");
            // settling below the worst case frees room for exactly what was not spent
            for (var r : admitted) budgets.settle(r, new BigDecimal("0.07"), 700);
            assertThat(budgets.usage("k", caps).get(0).used()).isEqualByComparingTo("4.70");
            int more = 0;
            while (budgets.reserve("k", caps, "m", "agt_x", new BigDecimal("0.10"), 1000) instanceof Budgets.Reserved)
                more++;
            assertThat(more).isEqualTo(3);
            assertThat(budgets.usage("k", caps).get(0).used()).isLessThanOrEqualTo(new BigDecimal("5"));
        }
    }

    @Test
    void aRefusalNamesTheCapAndWhenItResets() {
        try (Store store = Store.open(data)) {
            Budgets budgets = new Budgets(store, clock);
            BudgetCaps caps = new BudgetCaps(List.of(new Cap(Period.DAY, Unit.TOKENS, new BigDecimal(1000))), 6, 1);
            assertThat(budgets.reserve("k", caps, "m", "a", BigDecimal.ZERO, 900))
                    .isInstanceOf(Budgets.Reserved.class);
            var refused = (Budgets.Refused) budgets.reserve("k", caps, "m", "a", BigDecimal.ZERO, 200);
            assertThat(refused.describe()).isEqualTo("900 tokens of 1000 tokens per day used");
            assertThat(refused.resetsAt()).contains(Instant.parse("2026-11-22T06:00:00Z"));
            now.set(Instant.parse("2026-11-22T06:00:00Z"));
            assertThat(budgets.reserve("k", caps, "m", "a", BigDecimal.ZERO, 200))
                    .isInstanceOf(Budgets.Reserved.class);
        }
    }

    @Test
    void totalsNeverResetAndMonthsStartOnTheirDay() {
        BudgetCaps caps = new BudgetCaps(List.of(), 0, 15);
        Instant t = Instant.parse("2026-11-10T12:00:00Z");
        assertThat(caps.start(Period.MONTH, t)).isEqualTo(Instant.parse("2026-10-15T00:00:00Z"));
        assertThat(caps.next(Period.MONTH, t)).contains(Instant.parse("2026-11-15T00:00:00Z"));
        assertThat(caps.next(Period.TOTAL, t)).isEmpty();
        try (Store store = Store.open(data)) {
            Budgets budgets = new Budgets(store, clock);
            BudgetCaps total = new BudgetCaps(List.of(new Cap(Period.TOTAL, Unit.USD, BigDecimal.ONE)), 0, 1);
            budgets.reserve("k", total, "m", "a", BigDecimal.ONE, 0);
            now.set(Instant.parse("2027-03-01T00:00:00Z"));
            var refused = (Budgets.Refused) budgets.reserve("k", total, "m", "a", new BigDecimal("0.01"), 0);
            assertThat(refused.resetsAt()).isEmpty();
        }
    }

    @Test
    void keyHealthSurvivesReopeningTheStore() {
        try (Store store = Store.open(data)) {
            KeyStates states = new KeyStates(store, clock);
            states.disable("a", "HTTP 401 invalid x-api-key");
            states.coolDown("b", Instant.parse("2026-11-21T10:05:00Z"), "HTTP 429");
        }
        try (Store store = Store.open(data)) {
            KeyStates states = new KeyStates(store, clock);
            assertThat(states.health("a").health()).isEqualTo(KeyStates.Health.DISABLED);
            assertThat(states.health("b").health()).isEqualTo(KeyStates.Health.COOLING);
            now.set(Instant.parse("2026-11-21T10:05:00Z"));
            assertThat(states.health("b").health()).isEqualTo(KeyStates.Health.ACTIVE);
            states.enableAll();
            assertThat(states.health("a").health()).isEqualTo(KeyStates.Health.ACTIVE);
        }
    }
}
