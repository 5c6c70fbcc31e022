package dev.dispatch.app;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.session.WaitingAgents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Agents waiting for a usable API key across engine restarts: how each running agent was started, the
 * ones still waiting saved when the engine closes, and started again on their sessions by the next
 * long-lived engine ({@code ResumeWaitingAgents}). Split from {@link AgentModule}.
 */
final class KeyWaits {
    static final String RESUMED = "(The engine restarted while you were waiting for a usable API key. Continue the task"
            + " where you left off.)";

    private final WaitingAgents waiting;
    /** How each running agent was started, to save the ones still waiting for a key at close. */
    private final Map<String, WaitingAgents.Waiting> startedAs = new ConcurrentHashMap<>();

    KeyWaits(WaitingAgents waiting) {
        this.waiting = waiting;
    }

    /** The start of each running agent, by id (model switches update it). */
    Map<String, WaitingAgents.Waiting> startedAs() {
        return startedAs;
    }

    /** Saves the agents of {@code agents} that wait for a key now, for the next engine. */
    void saveWaiting(List<SessionOps.AgentSnapshot> agents) {
        for (var a : agents) {
            WaitingAgents.Waiting w = startedAs.get(a.agentId());
            if (a.status() == AgentStatus.WAITING_KEY && w != null) waiting.save(w);
        }
    }

    /** Starts every saved agent again on its session through {@code start}; failures are named, not thrown. */
    ModelOps.ResumedResult resume(Function<SessionOps.StartAgent, SessionOps.StartAgentResult> start) {
        List<String> ids = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (WaitingAgents.Waiting w : waiting.takeAll()) {
            try {
                ids.add(start.apply(SessionOps.StartAgent.of(RESUMED, w.cwd())
                                .withModel(w.model())
                                .withMaxTurns(w.maxTurns())
                                .withSession(w.sessionId())
                                .withTemplate(w.template())
                                .withTag(w.tag()))
                        .agentId());
            } catch (EngineException e) {
                failures.add(w.sessionId() + ": " + e.getMessage());
            }
        }
        return new ModelOps.ResumedResult(ids, failures);
    }
}
