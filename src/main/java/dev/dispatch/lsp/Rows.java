package dev.dispatch.lsp;

import dev.dispatch.protocol.LspOps.DiagnosticRow;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * LSP diagnostics as the rows agents and faces see: the file as the file tools show it (relative to
 * the project root), 1-based line and column, a severity word.
 */
final class Rows {
    static final Comparator<DiagnosticRow> ORDER = Comparator.comparing(DiagnosticRow::file)
            .thenComparingInt(DiagnosticRow::line)
            .thenComparingInt(DiagnosticRow::column);

    private Rows() {}

    static DiagnosticRow row(Path root, Path file, Diagnostic d) {
        int line = d.getRange() == null ? 1 : d.getRange().getStart().getLine() + 1;
        int column = d.getRange() == null ? 1 : d.getRange().getStart().getCharacter() + 1;
        int endLine = d.getRange() == null || d.getRange().getEnd() == null
                ? line
                : d.getRange().getEnd().getLine() + 1;
        int endColumn = d.getRange() == null || d.getRange().getEnd() == null
                ? column
                : d.getRange().getEnd().getCharacter() + 1;
        String code = d.getCode() == null
                ? null
                : d.getCode().isLeft()
                        ? d.getCode().getLeft()
                        : String.valueOf(d.getCode().getRight());
        var m = d.getMessage();
        String message =
                m == null ? "" : m.isLeft() ? m.getLeft() : m.getRight().getValue();
        return new DiagnosticRow(
                shown(root, file),
                line,
                column,
                endLine,
                endColumn,
                severity(d.getSeverity()),
                d.getSource(),
                code,
                message,
                List.of());
    }

    /** The same row, listing {@code agents} as the ones shown it. */
    static DiagnosticRow shownTo(DiagnosticRow r, List<String> agents) {
        return new DiagnosticRow(
                r.file(),
                r.line(),
                r.column(),
                r.endLine(),
                r.endColumn(),
                r.severity(),
                r.source(),
                r.code(),
                r.message(),
                agents);
    }

    /** What identifies a diagnostic across edits: severity, source, code and message, not its position. */
    static String key(DiagnosticRow r) {
        return r.severity() + "\u0000" + r.source() + "\u0000" + r.code() + "\u0000" + r.message();
    }

    /** A missing severity is an error: the spec leaves it to the client, and hiding one is worse. */
    static String severity(DiagnosticSeverity s) {
        if (s == null) return "error";
        return switch (s) {
            case Error -> "error";
            case Warning -> "warning";
            case Information -> "info";
            case Hint -> "hint";
        };
    }

    static boolean serious(DiagnosticRow r) {
        return r.severity().equals("error") || r.severity().equals("warning");
    }

    static String shown(Path root, Path file) {
        return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
    }

    /** {@code a.ts:3:7 error TS2322: message (typescript)}, one line. */
    static String line(DiagnosticRow r) {
        String message = r.message() == null ? "" : r.message().strip().replaceAll("\\s*\\n\\s*", " ");
        if (message.length() > 300) message = message.substring(0, 300) + "…";
        return r.file() + ":" + r.line() + ":" + r.column() + " " + r.severity() + " "
                + (r.code() == null ? "" : r.code() + ": ") + message
                + (r.source() == null ? "" : " (" + r.source() + ")");
    }
}
