package dev.dispatch.agent;

import dev.dispatch.session.Budgets;
import dev.dispatch.session.KeyStates;
import java.time.Duration;

/**
 * What the {@link KeyGateway} keeps across agents and restarts: the spend ledger, key health, and how
 * a waiting agent pauses between looks (real sleep; tests shorten it).
 */
public record KeyLedger(Budgets budgets, KeyStates states, Pause pause) {

    /** Pauses a waiting agent; returns early when interrupted. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;

        Pause REAL = d -> Thread.sleep(d.toMillis());
    }
}
