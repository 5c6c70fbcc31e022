package dev.dispatch.coord;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.store.Store;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * The coordination services of one engine, built over its store and bus: agents, tasks, claims,
 * explain, stats, the journal, locks, messages, knowledge and approvals. All of them write through
 * one {@link Ledger}, so every change is journaled and published the same way. Everything that decides by time reads {@link Settings#clock()}.
 */
public final class Coord {
    /**
     * @param clock the engine's clock (tests inject their own)
     * @param backoff delay before a failed task is offered again
     * @param journalRetention journal events older than this are pruned when the engine opens
     * @param journalKeepAtLeast the newest events always kept, however old
     */
    public record Settings(InstantSource clock, Backoff backoff, Duration journalRetention, long journalKeepAtLeast) {
        public static Settings defaults() {
            return new Settings(InstantSource.system(), Backoff.standard(), Duration.ofDays(7), 10_000);
        }

        public Settings withClock(InstantSource c) {
            return new Settings(c, backoff, journalRetention, journalKeepAtLeast);
        }
    }

    private final Ledger ledger;
    private final Bus<Event> bus;
    private final Agents agents;
    private final Tasks tasks;
    private final Claims claims;
    private final Explainer explainer;
    private final QueueStats stats;
    private final EventLog events;
    private final Locks locks;
    private final Messages messages;
    private final Knowledge knowledge;
    private final Approvals approvals;
    private final EngineAgents engineAgents;

    public Coord(Store store, Bus<Event> bus, Settings settings) {
        this.ledger = new Ledger(store, bus, settings.clock());
        this.bus = bus;
        Sweeper sweeper = new Sweeper(ledger);
        this.agents = new Agents(ledger);
        this.tasks = new Tasks(ledger, sweeper);
        this.claims = new Claims(ledger, sweeper, settings.backoff());
        this.engineAgents = new EngineAgents(ledger, sweeper);
        this.explainer = new Explainer(ledger);
        this.stats = new QueueStats(ledger);
        this.events = new EventLog(ledger);
        AgentDirectory directory = new SqlAgentDirectory(ledger);
        this.locks = new Locks(ledger, directory);
        this.messages = new Messages(ledger, directory);
        this.knowledge = new Knowledge(ledger, directory);
        this.approvals = new Approvals(ledger, directory);
        events.prune(settings.journalRetention(), settings.journalKeepAtLeast());
        ledger.followOthers();
        // the engine's own news (key switches, reloads) is journaled like any change before anyone hears of it
        bus.divert(e -> e instanceof JournalEvent j && j.seq() == 0, e -> journal((JournalEvent) e));
    }

    /** Commits engine news handed to the bus uncommitted; the committed event is then published as usual. */
    private void journal(JournalEvent news) {
        try {
            ledger.write(tx -> {
                tx.emit(news.space(), news.agent(), news.payload());
                return null;
            });
        } catch (RuntimeException closing) {
            // the store is closing (engine shutdown): the news goes with it, the emitter carries on
        }
    }

    public Agents agents() {
        return agents;
    }

    public Tasks tasks() {
        return tasks;
    }

    public Claims claims() {
        return claims;
    }

    public Explainer explainer() {
        return explainer;
    }

    public QueueStats stats() {
        return stats;
    }

    public EventLog events() {
        return events;
    }

    public Locks locks() {
        return locks;
    }

    public Messages messages() {
        return messages;
    }

    public Knowledge knowledge() {
        return knowledge;
    }

    public Approvals approvals() {
        return approvals;
    }

    /** The registry side of the agents this engine runs itself. */
    public EngineAgents engineAgents() {
        return engineAgents;
    }

    /** Replays from {@code filter.since()} when it is ≥ 0 (with a reset if that is past retention), then follows live. */
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        return new EventStream(ledger, bus, events, filter, sink);
    }
}
