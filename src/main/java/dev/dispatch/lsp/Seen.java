package dev.dispatch.lsp;

import dev.dispatch.protocol.LspOps.DiagnosticRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which agents were shown which diagnostics (listed in an edit's result or a get_diagnostics answer),
 * so the faces can say who knows about an error. Matched like an edit's report: by file, severity,
 * source, code and message, not position. Bounded: only diagnostics a server still publishes are
 * kept, each with at most {@link #MAX_AGENTS} agents.
 */
final class Seen {
    static final int MAX_AGENTS = 20;

    /** File as shown → diagnostic key → agents, oldest first. */
    private final Map<String, Map<String, LinkedHashSet<String>>> byFile = new HashMap<>();

    /** Notes that {@code agent} was shown {@code rows}; answers the files whose record changed. */
    synchronized Set<String> add(String agent, List<DiagnosticRow> rows) {
        Set<String> changed = new LinkedHashSet<>();
        if (agent == null || agent.isBlank()) return changed;
        for (DiagnosticRow r : rows) {
            LinkedHashSet<String> agents = byFile.computeIfAbsent(r.file(), f -> new HashMap<>())
                    .computeIfAbsent(Rows.key(r), k -> new LinkedHashSet<>());
            if (agents.size() < MAX_AGENTS && agents.add(agent)) changed.add(r.file());
        }
        return changed;
    }

    /** {@code rows} with the agents shown each. */
    synchronized List<DiagnosticRow> annotate(List<DiagnosticRow> rows) {
        List<DiagnosticRow> out = new ArrayList<>(rows.size());
        for (DiagnosticRow r : rows) {
            Map<String, LinkedHashSet<String>> file = byFile.get(r.file());
            LinkedHashSet<String> agents = file == null ? null : file.get(Rows.key(r));
            out.add(agents == null ? r : Rows.shownTo(r, List.copyOf(agents)));
        }
        return out;
    }

    /** Forgets what was shown of {@code file} that its server no longer publishes. */
    synchronized void retain(String file, List<DiagnosticRow> now) {
        Map<String, LinkedHashSet<String>> known = byFile.get(file);
        if (known == null) return;
        Set<String> keys = new HashSet<>();
        for (DiagnosticRow r : now) keys.add(Rows.key(r));
        known.keySet().retainAll(keys);
        if (known.isEmpty()) byFile.remove(file);
    }
}
