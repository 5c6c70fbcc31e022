package dev.dispatch.protocol;

import java.time.Instant;

/**
 * What the engine's language servers announce: a file's diagnostics changed (counts only; the list
 * is one {@link LspOps.LspDiagnostics} away) and a server changed state. Transient, never journaled.
 */
public final class LspEvents {
    private LspEvents() {}

    /** A file's error or warning count changed (an agent's edit, or a change on disk by anyone). */
    public record LspDiagnosticsChanged(String projectRoot, String file, int errors, int warnings, Instant changedAt)
            implements EngineEvent {
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
