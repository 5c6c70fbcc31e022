package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one {@link Entry} into wrapped, styled lines for a width. Tool calls collapse to a single
 * line (icon, command or path, outcome); expanded they show arguments, output in a gutter, and the
 * exit code. Shell output keeps its spacing: it is wrapped by character, never reflowed.
 */
final class EntryRenderer {
    private static final int INDENT = 2;

    private EntryRenderer() {}

    static List<Line> render(Entry e, int width, Expansion expansion) {
        List<Line> out = new ArrayList<>();
        switch (e) {
            case Entry.User u -> {
                String state =
                        switch (u.delivery) {
                            case STARTING -> "  (starting an agent…)";
                            case QUEUED -> "  (queued: sent when the turn ends)";
                            case WAITING -> "  (sent: read at its next model request)";
                            case DELIVERED -> "";
                        };
                out.add(new Line(TextWrap.fit("› you" + state, width), Style.USER));
                body(out, u.text, width, Style.NORMAL);
            }
            case Entry.Assistant a -> {
                out.add(new Line(TextWrap.fit("● " + a.label, width), Style.ASSISTANT));
                if (a.text.isEmpty()) body(out, "…", width, Style.NORMAL);
                else out.addAll(a.rendered.render(a.text, width, INDENT));
            }
            case Entry.Tool t ->
                tool(out, t, width, expansion == Expansion.ALL || t.expanded ? Expansion.ALL : Expansion.EACH);
            case Entry.Notice n -> body(out, n.text, width, n.style);
        }
        return out;
    }

    private static void body(List<Line> out, String text, int width, Style style) {
        for (String s : TextWrap.wrap(TextWrap.sanitize(text), width - INDENT)) {
            out.add(new Line(" ".repeat(INDENT) + s, style));
        }
    }

    private static void tool(List<Line> out, Entry.Tool t, int width, Expansion expansion) {
        boolean expanded = expansion == Expansion.ALL;
        ToolKind kind = t.kind();
        String target = ToolArgs.summary(t.argumentsJson);
        String head = (expanded ? "▾ " : "▸ ") + kind.icon + " " + t.tool + "  " + target;
        String outcome = outcome(t);
        int room = width - outcome.length() - 2;
        out.add(new Line(
                pad(TextWrap.fit(head, Math.max(1, room)), Math.max(1, room)) + "  " + outcome,
                kind == ToolKind.OTHER ? Style.TOOL : kind.style));
        if (FileChange.isFileEdit(t.tool) && t.finished && !t.failed) {
            diff(out, t, width, expanded);
            return;
        }
        if (!expanded) return;
        String gutter = "  │ ";
        int inner = Math.max(1, width - gutter.length());
        for (String arg : kind == ToolKind.SHELL ? List.of("$ " + target) : ToolArgs.lines(t.argumentsJson)) {
            for (String s : TextWrap.wrap(TextWrap.sanitize(arg), inner)) out.add(new Line(gutter + s, Style.MUTED));
        }
        String shown = t.finished && t.result != null && !t.result.isEmpty() ? t.result : t.output.toString();
        if (!shown.isEmpty()) {
            Style style = t.failed ? Style.ERROR : kind == ToolKind.SHELL ? Style.SHELL : Style.NORMAL;
            for (String s : hardWrap(TextWrap.sanitize(stripTrailingNewline(shown)), inner))
                out.add(new Line(gutter + s, style));
        }
        out.add(new Line("  └ " + outcome, t.failed ? Style.ERROR : Style.MUTED));
    }

    /** Collapsed, a diff shows this many rows; Enter on the call (or ctrl+o for all) shows the rest. */
    static final int FOLD_ROWS = 16;

    private static void diff(List<Line> out, Entry.Tool t, int width, boolean expanded) {
        if (t.done == null) t.done = FileChange.done(t.tool, t.argumentsJson, t.result, t.before, t.diff);
        FileChange.Change c = t.done;
        if (c == null) return;
        String summary = DiffView.stats(c.rows()) + (c.note() == null ? "" : " · " + c.note());
        out.add(new Line(TextWrap.fit("  " + summary, width), Style.MUTED));
        out.addAll(DiffView.lines(c.rows(), width, INDENT, expanded ? 0 : FOLD_ROWS, "Enter expands, ctrl+o all"));
    }

    static String outcome(Entry.Tool t) {
        if (!t.finished) return "… running";
        String mark = t.failed ? "✗ failed" : "✓";
        if (t.exitCode != null) return mark + " exit " + t.exitCode;
        String res = t.result == null ? "" : stripTrailingNewline(t.result);
        int lines = res.isEmpty() ? 0 : res.split("\n", -1).length;
        return t.failed ? mark : mark + " " + lines + (lines == 1 ? " line" : " lines");
    }

    private static List<String> hardWrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) out.add("");
            for (int i = 0; i < line.length(); i += width)
                out.add(line.substring(i, Math.min(line.length(), i + width)));
        }
        return out;
    }

    private static String stripTrailingNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
