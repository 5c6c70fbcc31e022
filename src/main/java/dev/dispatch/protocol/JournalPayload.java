package dev.dispatch.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * What a committed journal event says, as a typed record beside its domain's ops ({@code TaskOps.TaskClaimed},
 * {@code LockOps.LockAcquired}, …). Sealed, so a face that folds the journal is checked by the compiler to
 * handle every kind. The wire name is the record's simple name: one name per payload, one payload per name
 * (docs/cli-json.md lists each with its fields). A journal row is decoded into its payload once, when read.
 */
public sealed interface JournalPayload
        permits TaskOps.Journaled,
                AgentOps.Journaled,
                LockOps.Journaled,
                MessageOps.Journaled,
                KnowledgeOps.Journaled,
                ApprovalOps.Journaled,
                JournalPayload.Notice,
                JournalEvent.Reset,
                JournalEvent.Unknown {
    /** The wire name: the record's own name. */
    default String type() {
        return getClass().getSimpleName();
    }

    /**
     * News of the engine itself, journaled so that a face that was not listening can replay it by id: key
     * switches and config or skills reloads. Every face shows {@link #summary()} (the TUI's status line,
     * {@code run}'s stderr, the SSE stream, {@code dispatch events}). Key ids only, never secrets.
     */
    sealed interface Notice extends JournalPayload
            permits KeyEvents.KeySwitched, KeyEvents.ConfigReloaded, KeyEvents.SkillsReloaded {
        /** What happened, in one line a face can show as it is. */
        String summary();
    }

    /** The payload record of a wire name, or null for a name this version does not know. */
    static Class<? extends JournalPayload> byName(String type) {
        return Names.BY_NAME.get(type);
    }

    /** The name → record table, built once from the sealed hierarchy itself (so it cannot fall out of step). */
    final class Names {
        private static final Map<String, Class<? extends JournalPayload>> BY_NAME = build();

        private Names() {}

        private static Map<String, Class<? extends JournalPayload>> build() {
            Map<String, Class<? extends JournalPayload>> m = new HashMap<>();
            collect(JournalPayload.class, m);
            m.remove(JournalEvent.Unknown.class.getSimpleName());
            m.remove(JournalEvent.Reset.class.getSimpleName());
            m.put(JournalEvent.RESET, JournalEvent.Reset.class);
            return Map.copyOf(m);
        }

        @SuppressWarnings("unchecked")
        private static void collect(Class<?> c, Map<String, Class<? extends JournalPayload>> m) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                if (sub.isInterface()) collect(sub, m);
                else m.put(sub.getSimpleName(), (Class<? extends JournalPayload>) sub);
            }
        }
    }
}
