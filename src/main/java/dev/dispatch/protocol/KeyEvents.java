package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * What key routing and hot reload announce: failover between keys, keys disabled, cooling or spent,
 * and config/skills reloads. Transient like {@link RuntimeEvents}; key ids only, never secrets.
 */
public final class KeyEvents {
    private KeyEvents() {}

    /** An agent's calls moved from one key (or model) to another, and why. */
    public record KeySwitched(String agentId, String fromKey, String toKey, String model, String reason)
            implements Event {
        public String type() {
            return "KeySwitched";
        }
    }

    /** A key answered 401/403: it is not used again until the config changes. */
    public record KeyDisabled(String keyId, String provider, String reason) implements Event {
        public String type() {
            return "KeyDisabled";
        }
    }

    /** A key answered 429/5xx: it rests until {@code untilAt} (the provider's retry-after when it gave one). */
    public record KeyCooling(String keyId, Instant untilAt, String reason) implements Event {
        public String type() {
            return "KeyCooling";
        }
    }

    /** A key's budget cannot take another call; {@code resetsAt} null when the cap never resets. */
    public record KeyExhausted(String keyId, String detail, Instant resetsAt) implements Event {
        public String type() {
            return "KeyExhausted";
        }
    }

    /** A changed config file was valid and is now in force for new calls. */
    public record ConfigReloaded(List<String> sources, Instant reloadedAt) implements Event {
        public String type() {
            return "ConfigReloaded";
        }
    }

    /** A changed config file was invalid; the last good config stays. {@code problems} read file:line: message. */
    public record ConfigRejected(List<String> problems, Instant rejectedAt) implements Event {
        public String type() {
            return "ConfigRejected";
        }
    }

    /**
     * The skills folders were read (again, after a change; or for the first time when some files failed):
     * {@code warnings} name the files that could not load.
     */
    public record SkillsReloaded(String projectRoot, int skills, List<String> warnings, Instant reloadedAt)
            implements Event {
        public String type() {
            return "SkillsReloaded";
        }
    }
}
