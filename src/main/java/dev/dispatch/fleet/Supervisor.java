package dev.dispatch.fleet;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.FleetEvents;
import dev.dispatch.protocol.FleetOps.Conflict;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The owner's watch over external agents, every {@link #PERIOD_MS}: an agent whose tmux session ended
 * is recorded as exited (an {@code ExternalAgentExited} event; its registry status says so) and is
 * left to the normal expiry path, which frees its leases and locks; a new overlap between agents
 * raises a {@code ConflictDetected} event once, until it goes away; a lease holder in a supervised space
 * that stopped reporting is reminded in every space where tasks are claimed ({@link Nudger}, {@link ClaimSpaces}); an exec-channel agent's turns are followed and its
 * unread messages pushed when it is idle ({@link ExecTurns}).
 */
final class Supervisor implements AutoCloseable {
    static final long PERIOD_MS = 2_000;

    private final Fleet fleet;
    private final ScheduledExecutorService timer;
    private final Set<String> known = new HashSet<>();
    private final Nudger nudger;
    private final ClaimSpaces claimSpaces;

    private Supervisor(Fleet fleet) {
        this.fleet = fleet;
        this.nudger = new Nudger(fleet);
        this.claimSpaces = new ClaimSpaces(fleet);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dispatch-fleet-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    static Supervisor start(Fleet fleet) {
        Supervisor s = new Supervisor(fleet);
        s.timer.scheduleWithFixedDelay(s::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return s;
    }

    void tick() {
        try {
            Map<String, Path> spaces = new TreeMap<>();
            for (ExternalRecord r : fleet.records()) {
                spaces.putIfAbsent(r.space(), Path.of(r.project()));
                if (r.exitedAt() != null) continue;
                if (fleet.tmux(r).alive()) {
                    if (r.exec()) exec(r);
                    continue;
                }
                fleet.records.update(r.name(), x -> x.exited(fleet.clock.get()));
                fleet.events.accept(new FleetEvents.ExternalAgentExited(r.space(), r.name(), fleet.clock.get()));
                try {
                    fleet.coord.submit(new AgentOps.SetAgentStatus(
                            r.space(),
                            r.name(),
                            AgentOps.Status.done,
                            "tmux session " + r.session() + " ended",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null));
                } catch (RuntimeException e) {
                    // removed from the registry meanwhile: nothing to mark
                }
            }
            Set<String> now = new HashSet<>();
            // every space with claims gets nudged, not only those with external agents
            Map<String, Path> nudged = new TreeMap<>(spaces);
            try {
                for (String space : claimSpaces.now()) nudged.putIfAbsent(space, null);
            } catch (RuntimeException e) {
                // the journal cannot be read this round: the external agents' spaces still get their turn
            }
            for (var e : nudged.entrySet()) {
                try {
                    nudger.round(e.getKey(), e.getValue());
                } catch (RuntimeException ex) {
                    // a space whose tasks cannot be read this round: conflicts still get their turn
                }
            }
            Set<String> watched = new java.util.TreeSet<>(spaces.keySet());
            watched.addAll(fleet.edits.spaces()); // in-process agents' edits, in spaces without external agents too
            for (String space : watched) {
                for (Conflict c : Overlaps.find(fleet, space)) {
                    String key = space + "\0" + c.kind() + "\0" + c.path() + "\0" + c.agents();
                    now.add(key);
                    if (known.add(key))
                        fleet.events.accept(new FleetEvents.ConflictDetected(
                                space, c.path(), c.kind(), List.copyOf(c.agents()), fleet.clock.get()));
                }
            }
            known.retainAll(now);
        } catch (RuntimeException e) {
            // one bad round (a repository mid-rewrite, the store closing) must not end supervision
        }
    }

    /** An exec-channel agent's turns brought up to date; when it is idle, its unread messages pushed. */
    private void exec(ExternalRecord r) {
        try {
            ExecTurns.pump(fleet, r.name()).ifPresent(now -> ExecTurns.pushMessages(fleet, now));
        } catch (RuntimeException e) {
            // its record or inbox cannot be read this round: the next one tries again
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
