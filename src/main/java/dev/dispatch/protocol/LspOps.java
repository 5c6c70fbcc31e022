package dev.dispatch.protocol;

import java.util.List;

/**
 * Ops that show the language servers of a project and the diagnostics they published, as the engine
 * that owns them sees them now ({@code dispatch lsp status}, {@code dispatch lsp diagnostics}); the
 * daemon serves them as {@code GET /v1/lsp/status} and {@code GET /v1/lsp/diagnostics}. {@code cwd}
 * picks the project.
 */
public final class LspOps {
    private LspOps() {}

    /** The servers detected or configured for the project, and the state of each. */
    public record LspStatus(String cwd) implements Op<StatusResult> {}

    /**
     * @param enabled {@code lsp.enabled} for the project
     * @param servers one row per server the project would use, started or not
     * @param problems {@code lsp.servers} entries that cannot be used, and why
     */
    public record StatusResult(String projectRoot, boolean enabled, List<ServerRow> servers, List<String> problems) {}

    /**
     * One server. {@code state}: not_started, starting, running, restarting, failed (gave up after
     * repeated crashes), not_installed or stopped.
     *
     * @param pid the server process, null when none runs
     * @param detail why it is in this state (the crash, the missing package), null when running
     * @param crashes crashes in the current window
     */
    public record ServerRow(
            String name,
            String state,
            String command,
            Long pid,
            int crashes,
            int openFiles,
            List<String> extensions,
            String detail) {}

    /** Diagnostics of one file ({@code file}, relative to the project or absolute) or of every file known. */
    public record LspDiagnostics(String cwd, String file) implements Op<DiagnosticsResult> {}

    /**
     * @param notes why the list may be incomplete (a server starting, none for the file's language)
     */
    public record DiagnosticsResult(
            String projectRoot, List<DiagnosticRow> diagnostics, int errors, int warnings, List<String> notes) {}

    /**
     * Restarts the project's language server {@code server} (every server it uses when null): a
     * {@code failed} one gets a fresh crash count, a running one a fresh process. Answers the status after.
     */
    public record LspRestart(String cwd, String server) implements Op<StatusResult> {}

    /**
     * One diagnostic; {@code line} and {@code column} (where it starts) and {@code endLine} and
     * {@code endColumn} (where it ends, exclusive) are 1-based, as the file tools show them.
     * {@code severity}: error, warning, info or hint. {@code shownTo}: the agents whose tool results
     * listed it (an edit's new diagnostics, get_diagnostics), oldest first.
     */
    public record DiagnosticRow(
            String file,
            int line,
            int column,
            int endLine,
            int endColumn,
            String severity,
            String source,
            String code,
            String message,
            List<String> shownTo) {
        public DiagnosticRow {
            shownTo = shownTo == null ? List.of() : List.copyOf(shownTo);
        }
    }
}
