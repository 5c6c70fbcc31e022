package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * What fleet supervision announces (transient, like {@link RuntimeEvents}): a new file-overlap conflict
 * between agents, found before merge time, a stale lease holder reminded, and an external agent whose
 * tmux session ended.
 */
public final class FleetEvents {
    private FleetEvents() {}

    /** {@code agents} change {@code path} at once ({@code kind}: both-changed or locked-by-other). */
    public record ConflictDetected(String space, String path, String kind, List<String> agents, Instant detectedAt)
            implements EngineEvent {
        public String summary() {
            return "conflict in " + space + ": " + String.join(" and ", agents) + " both change " + path
                    + (kind == null ? "" : " (" + kind + ")") + "; see dispatch conflicts";
        }
    }

    /**
     * {@code agent} holds {@code taskId}'s lease but stopped reporting, so it was reminded ({@code count}
     * of this lease) through {@code channel}: {@code pane} (pasted into its tmux pane) or {@code message}.
     */
    public record AgentNudged(
            String space,
            String agent,
            String taskId,
            String channel,
            boolean delivered,
            int count,
            Instant leaseExpiresAt,
            Instant nudgedAt)
            implements EngineEvent {
        public String summary() {
            return "nudged " + agent + " (" + space + ") about task " + taskId + " by " + channel
                    + (delivered ? "" : " (not delivered)") + ", reminder " + count + "; lease expires "
                    + leaseExpiresAt;
        }
    }

    /** External agent {@code name}'s tmux session is gone; its leases and locks expire as usual. */
    public record ExternalAgentExited(String space, String name, Instant exitedAt) implements EngineEvent {
        public String summary() {
            return "external agent " + name + " (" + space + ") exited: its tmux session is gone";
        }
    }
}
