package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * What key routing and hot reload announce: failover between keys, keys disabled, cooling or spent,
 * and config/skills reloads. Key switches and reloads are journaled ({@link JournalPayload.Notice}: a face
 * replays them by id); the rest are transient like {@link RuntimeEvents}. Key ids only, never secrets.
 */
public final class KeyEvents {
    private KeyEvents() {}

    /** An agent's calls moved from one key (or model) to another, and why. */
    public record KeySwitched(String agentId, String fromKey, String toKey, String model, String reason)
            implements JournalPayload.Notice {
        /** The switch in words, for a face's notice line. */
        @Override
        public String summary() {
            return "switched from key '" + fromKey + "' to '" + toKey + "'" + (model == null ? "" : " (" + model + ")")
                    + (reason == null ? "" : ": " + reason);
        }
    }

    /** A key answered 401/403: it is not used again until the config changes. */
    public record KeyDisabled(String keyId, String provider, String reason) implements EngineEvent {
        public String summary() {
            return "key '" + keyId + "' disabled: " + reason + "; fix it, then run: dispatch keys enable " + keyId;
        }
    }

    /** A key answered 429/5xx: it rests until {@code untilAt} (the provider's retry-after when it gave one). */
    public record KeyCooling(String keyId, Instant untilAt, String reason) implements EngineEvent {
        public String summary() {
            return "key '" + keyId + "' rests until " + untilAt + (reason == null ? "" : ": " + reason);
        }
    }

    /** A key's budget cannot take another call; {@code resetsAt} null when the cap never resets. */
    public record KeyExhausted(String keyId, String detail, Instant resetsAt) implements EngineEvent {
        public String summary() {
            return "key '" + keyId + "' is spent: " + detail + (resetsAt == null ? "" : "; resets at " + resetsAt);
        }
    }

    /** A changed config file was valid and is now in force for new calls. */
    public record ConfigReloaded(List<String> sources, Instant reloadedAt) implements JournalPayload.Notice {
        @Override
        public String summary() {
            return "config reloaded from " + String.join(", ", sources);
        }
    }

    /** A changed config file was invalid; the last good config stays. {@code problems} read file:line: message. */
    public record ConfigRejected(List<String> problems, Instant rejectedAt) implements EngineEvent {
        public String summary() {
            return "config change rejected, the last good config stays: "
                    + (problems.isEmpty() ? "no reason given" : problems.get(0))
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        }
    }

    /**
     * The skills folders were read (again, after a change; or for the first time when some files failed):
     * {@code warnings} name the files that could not load.
     */
    public record SkillsReloaded(String projectRoot, int skills, List<String> warnings, Instant reloadedAt)
            implements JournalPayload.Notice {
        @Override
        public String summary() {
            return "skills reloaded: " + skills + (skills == 1 ? " skill" : " skills")
                    + (warnings.isEmpty() ? "" : "; could not load " + String.join(", ", warnings));
        }
    }
}
