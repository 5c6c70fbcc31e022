package dev.dispatch.lsp;

import dev.dispatch.protocol.LspOps.DiagnosticRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an edit changed in its file's errors and warnings: the ones that are new and the ones it
 * resolved, matched by severity, source, code and message (not position, so lines that merely moved
 * are neither), shown capped so an agent sees the error it just made without a flood.
 *
 * @param text the lines appended to the edit's result
 * @param listed the new diagnostics the text lists (what the agent was shown)
 */
public record EditReport(String text, int added, int resolved, int errors, int warnings, List<DiagnosticRow> listed) {
    public EditReport {
        listed = listed == null ? List.of() : List.copyOf(listed);
    }

    EditReport(String text, int added, int resolved, int errors, int warnings) {
        this(text, added, resolved, errors, warnings, List.of());
    }

    /** How many new (and resolved) diagnostics are listed before the rest is only counted. */
    public static final int CAP = 10;

    static EditReport of(String shown, List<DiagnosticRow> before, List<DiagnosticRow> after) {
        List<DiagnosticRow> was = before.stream().filter(Rows::serious).toList();
        List<DiagnosticRow> now =
                after.stream().filter(Rows::serious).sorted(Rows.ORDER).toList();
        List<DiagnosticRow> added = minus(now, was);
        List<DiagnosticRow> resolved = minus(was, now);
        int errors =
                (int) now.stream().filter(r -> r.severity().equals("error")).count();
        int warnings = now.size() - errors;
        StringBuilder out = new StringBuilder("diagnostics for ").append(shown).append(": ");
        if (added.isEmpty() && resolved.isEmpty()) {
            out.append(now.isEmpty() ? "no errors or warnings" : "unchanged (" + counts(errors, warnings) + ")");
            return new EditReport(out.toString(), 0, 0, errors, warnings);
        }
        out.append(added.size())
                .append(" new, ")
                .append(resolved.size())
                .append(" resolved; now ")
                .append(counts(errors, warnings));
        list(out, "new", added);
        list(out, "resolved", resolved);
        return new EditReport(
                out.toString(),
                added.size(),
                resolved.size(),
                errors,
                warnings,
                added.subList(0, Math.min(added.size(), CAP)));
    }

    static EditReport timedOut(String shown, String server, long millis) {
        return new EditReport(
                "diagnostics for " + shown + ": " + server + " published none within " + millis
                        + " ms; ask get_diagnostics later",
                0,
                0,
                0,
                0);
    }

    private static void list(StringBuilder out, String label, List<DiagnosticRow> rows) {
        for (int i = 0; i < Math.min(rows.size(), CAP); i++) {
            DiagnosticRow r = rows.get(i);
            out.append("\n  ")
                    .append(label)
                    .append(": ")
                    .append(label.equals("resolved") ? withoutPosition(r) : Rows.line(r));
        }
        if (rows.size() > CAP)
            out.append("\n  ... and ")
                    .append(rows.size() - CAP)
                    .append(" more ")
                    .append(label);
    }

    /** A resolved diagnostic's old position means nothing after the edit: message only. */
    private static String withoutPosition(DiagnosticRow r) {
        String line = Rows.line(r);
        return r.severity()
                + line.substring(line.indexOf(' ' + r.severity()) + r.severity().length() + 1);
    }

    private static String counts(int errors, int warnings) {
        return errors
                + (errors == 1 ? " error, " : " errors, ")
                + warnings
                + (warnings == 1 ? " warning" : " warnings");
    }

    /** {@code a} without one match in {@code b} for each of {@code b}'s rows (a multiset difference). */
    private static List<DiagnosticRow> minus(List<DiagnosticRow> a, List<DiagnosticRow> b) {
        Map<String, Integer> left = new HashMap<>();
        for (DiagnosticRow r : b) left.merge(key(r), 1, Integer::sum);
        List<DiagnosticRow> out = new ArrayList<>();
        for (DiagnosticRow r : a) {
            Integer n = left.get(key(r));
            if (n != null && n > 0) left.put(key(r), n - 1);
            else out.add(r);
        }
        return out;
    }

    private static String key(DiagnosticRow r) {
        return Rows.key(r);
    }
}
