package dev.dispatch.coord;

import dev.dispatch.protocol.TaskOps.Candidate;
import dev.dispatch.protocol.TaskOps.ExplainTask;
import dev.dispatch.protocol.TaskOps.Explanation;
import dev.dispatch.protocol.TaskOps.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code task explain}: why a task is or isn't ready, and how each agent of its space scores for it:
 * capability match (1 when the agent has every required capability, else 0) × availability (0 when
 * drained, stale or at its limit, else the free share of its concurrency) × priority weight
 * ({@code 1 + priority/100}, so urgent work outranks idle capacity).
 */
public final class Explainer {
    private final Ledger ledger;

    Explainer(Ledger ledger) {
        this.ledger = ledger;
    }

    public Explanation explain(ExplainTask p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        return ledger.read((c, now) -> {
            TaskRow t = TaskRow.require(c, space, id);
            List<String> reasons = reasons(c, t, now);
            double weight = 1 + t.priority() / 100.0;
            List<Candidate> candidates = new ArrayList<>();
            for (AgentRow a : AgentRow.all(c, space)) candidates.add(score(c, a, t, weight, now));
            candidates.sort((x, y) -> Double.compare(y.score(), x.score()));
            return new Explanation(
                    t.view(TaskRow.dependencies(c, id)), t.status() == Status.ready, reasons, candidates);
        });
    }

    private static List<String> reasons(Connection c, TaskRow t, Instant now) throws SQLException {
        List<String> out = new ArrayList<>();
        switch (t.status()) {
            case ready ->
                out.add("ready: every dependency is done; the next claim in queue '" + t.queue()
                        + "' by a capable agent takes it (priority " + t.priority() + ", then age)");
            case pending ->
                out.add("pending: waiting for " + String.join(", ", Dependencies.notDone(c, t.id())) + " to be done");
            case waiting ->
                out.add("waiting: backoff after a failure until " + Instant.ofEpochMilli(t.notBefore())
                        + "; last error: " + t.lastError());
            case claimed ->
                out.add(
                        t.leaseExpiresAt() != null && t.leaseExpiresAt() <= now.toEpochMilli()
                                ? "claimed by " + t.assignee() + " but its lease expired at "
                                        + Instant.ofEpochMilli(t.leaseExpiresAt()) + "; the next claim rescues it"
                                : "claimed by " + t.assignee() + " (attempt " + t.attempt() + ") until "
                                        + Instant.ofEpochMilli(t.leaseExpiresAt()));
            case dead ->
                out.add("dead after " + t.attempt() + " attempt(s); last error: " + t.lastError()
                        + "; 'dispatch task retry " + t.id() + "' revives it");
            case done, cancelled -> out.add(t.status() + ": finished; no agent will take it");
        }
        if (!t.capabilities().isEmpty()) out.add("requires capabilities " + t.capabilities());
        return out;
    }

    private static Candidate score(Connection c, AgentRow a, TaskRow t, double weight, Instant now)
            throws SQLException {
        List<String> why = new ArrayList<>();
        Set<String> missing = new HashSet<>(t.capabilities());
        missing.removeAll(a.capabilities());
        double match = missing.isEmpty() ? 1 : 0;
        if (!missing.isEmpty())
            why.add("lacks capabilities " + missing.stream().sorted().toList());
        int running = AgentRow.running(c, a.space(), a.name());
        double availability = Math.max(0, (a.maxConcurrent() - running) / (double) a.maxConcurrent());
        if (a.drained()) {
            availability = 0;
            why.add("drained");
        }
        if ("stale".equals(a.liveness(now))) {
            availability = 0;
            why.add("stale (no heartbeat since " + Instant.ofEpochMilli(a.lastSeenAt()) + ")");
        }
        if (running >= a.maxConcurrent()) why.add("at its limit of " + a.maxConcurrent() + " running task(s)");
        return new Candidate(a.name(), match, availability, weight, match * availability * weight, why);
    }
}
