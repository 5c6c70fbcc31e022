package dev.dispatch.protocol;

import java.time.Instant;

/**
 * What the engine's language servers announce: a file's diagnostics changed (with its diagnostics, so a
 * face shows them without asking) and a server changed state. Transient, never journaled.
 */
public final class LspEvents {
    private LspEvents() {}

    /**
     * A file's diagnostics changed (an agent's edit, a change on disk by anyone, an agent shown them):
     * the counts and the file's diagnostics now (at most {@link #MAX_ROWS}; empty: the file is clean).
     */
    public record LspDiagnosticsChanged(
            String projectRoot,
            String file,
            int errors,
            int warnings,
            java.util.List<LspOps.DiagnosticRow> diagnostics,
            Instant changedAt)
            implements EngineEvent {
        /** The most diagnostics one event carries; {@code dispatch lsp diagnostics FILE} lists them all. */
        public static final int MAX_ROWS = 200;

        public LspDiagnosticsChanged {
            diagnostics = diagnostics == null ? java.util.List.of() : java.util.List.copyOf(diagnostics);
        }

        public String summary() {
            return "diagnostics " + file + ": " + errors + (errors == 1 ? " error, " : " errors, ") + warnings
                    + (warnings == 1 ? " warning" : " warnings");
        }
    }

    /** A language server started, crashed, was restarted, gave up or is not installed. */
    public record LspServerChanged(String projectRoot, String server, String state, String detail, Instant changedAt)
            implements EngineEvent {
        public String summary() {
            return "language server " + server + ": " + state + (detail == null ? "" : " (" + detail + ")");
        }
    }
}
