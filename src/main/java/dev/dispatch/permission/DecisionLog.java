package dev.dispatch.permission;

import java.time.Instant;
import java.util.List;

/**
 * Where every decision goes: who asked (agent, tool), what (operation, paths, command), the outcome,
 * what decided it (root, rule, protected, grant, ceiling, mode, operator, parent) and when. The store-backed
 * log lives in the composition root, since this package may not touch the store.
 */
@FunctionalInterface
public interface DecisionLog {
    void record(Entry entry);

    DecisionLog NONE = entry -> {};

    /** One decision as persisted. */
    record Entry(
            String agentId,
            String tool,
            Operation operation,
            List<String> paths,
            String command,
            String outcome,
            String decidedBy,
            String reason,
            Instant decidedAt) {
        public Entry {
            paths = List.copyOf(paths);
        }
    }
}
