package dev.dispatch.tui;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unified diff (Myers, from java-diff-utils) as numbered, coloured rows: removed lines red with
 * their old number, added lines green with their new number, three lines of context, a {@code @@}
 * header per hunk. Long diffs fold to their first rows and say how many more there are.
 */
final class DiffView {
    /** Files longer than this are not diffed line by line: the face must stay responsive. */
    static final int MAX_LINES = 50_000;

    static final int CONTEXT = 3;

    /** One diff row: {@code kind} is ' ' (context), '+', '-' or '@' (hunk header, in {@code text}). */
    record Row(char kind, int oldNo, int newNo, String text) {}

    private DiffView() {}

    /** The hunks turning {@code before} into {@code after}, numbered from {@code firstLine}. */
    static List<Row> unified(String before, String after, int context, int firstLine) {
        List<String> a = split(before);
        List<String> b = split(after);
        List<Row> rows = new ArrayList<>();
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            rows.add(new Row('@', 0, 0, "(too large to diff: " + a.size() + " → " + b.size() + " lines)"));
            return rows;
        }
        List<AbstractDelta<String>> deltas = DiffUtils.diff(a, b).getDeltas();
        int i = 0;
        while (i < deltas.size()) {
            // a hunk: deltas whose context windows touch
            int j = i;
            while (j + 1 < deltas.size()
                    && deltas.get(j + 1).getSource().getPosition()
                                    - (deltas.get(j).getSource().getPosition()
                                            + deltas.get(j).getSource().size())
                            <= 2 * context) j++;
            int oStart = Math.max(0, deltas.get(i).getSource().getPosition() - context);
            int nStart = deltas.get(i).getTarget().getPosition()
                    - (deltas.get(i).getSource().getPosition() - oStart);
            AbstractDelta<String> lastD = deltas.get(j);
            int oEnd = Math.min(
                    a.size(),
                    lastD.getSource().getPosition() + lastD.getSource().size() + context);
            int header = rows.size();
            int o = oStart;
            int n = nStart;
            for (int k = i; k <= j; k++) {
                AbstractDelta<String> d = deltas.get(k);
                while (o < d.getSource().getPosition())
                    rows.add(new Row(' ', firstLine + o, firstLine + n++, a.get(o++)));
                for (String s : d.getSource().getLines()) rows.add(new Row('-', firstLine + o++, 0, s));
                for (String s : d.getTarget().getLines()) rows.add(new Row('+', 0, firstLine + n++, s));
            }
            while (o < oEnd) rows.add(new Row(' ', firstLine + o, firstLine + n++, a.get(o++)));
            rows.add(
                    header,
                    new Row(
                            '@',
                            0,
                            0,
                            "@@ -" + range(firstLine + oStart, oEnd - oStart) + " +"
                                    + range(firstLine + nStart, n - nStart) + " @@"));
            i = j + 1;
        }
        return rows;
    }

    /**
     * The rows of a unified diff as text (what write_file and edit_file send): {@code ---}/{@code +++}
     * headers skipped, each {@code @@} hunk numbering the lines after it. Lines outside a hunk, and
     * "\ No newline at end of file" markers, are left out.
     */
    static List<Row> parse(String unified) {
        List<Row> rows = new ArrayList<>();
        int o = 0;
        int n = 0;
        boolean inHunk = false;
        for (String l : unified.split("\n", -1)) {
            if (l.startsWith("@@")) {
                java.util.regex.Matcher m = HUNK.matcher(l);
                if (!m.find()) {
                    inHunk = false;
                    continue;
                }
                o = Integer.parseInt(m.group(1));
                n = Integer.parseInt(m.group(3));
                int oc = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                int nc = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
                if (oc == 0) o++; // an empty side names the line before it
                if (nc == 0) n++;
                rows.add(new Row('@', 0, 0, m.group(0)));
                inHunk = true;
            } else if (!inHunk) {
                continue;
            } else if (l.startsWith("+")) {
                rows.add(new Row('+', 0, n++, l.substring(1)));
            } else if (l.startsWith("-")) {
                rows.add(new Row('-', o++, 0, l.substring(1)));
            } else if (l.startsWith(" ")) {
                rows.add(new Row(' ', o++, n++, l.substring(1)));
            } else if (!l.startsWith("\\")) {
                inHunk = false; // the end of the hunks (a header of the next file, or the end)
            }
            if (rows.size() > MAX_LINES) break;
        }
        return rows;
    }

    private static final java.util.regex.Pattern HUNK =
            java.util.regex.Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    /** A hunk side as unified diffs write it: an empty side names the line before it. */
    private static String range(int start, int count) {
        return (count == 0 ? start - 1 : start) + "," + count;
    }

    /** "+3 -1": lines added and removed. */
    static String stats(List<Row> rows) {
        int add = 0;
        int del = 0;
        for (Row r : rows) {
            if (r.kind() == '+') add++;
            else if (r.kind() == '-') del++;
        }
        return "+" + add + " -" + del;
    }

    /**
     * The rows laid out for {@code width} after {@code indent} columns; at most {@code limit} rows
     * (0: all), the rest summed up in a last row that names {@code how} to see them.
     */
    static List<Line> lines(List<Row> rows, int width, int indent, int limit, String how) {
        int max = 1;
        for (Row r : rows) max = Math.max(max, Math.max(r.oldNo(), r.newNo()));
        int digits = String.valueOf(max).length();
        String pad = " ".repeat(indent);
        List<Line> out = new ArrayList<>();
        int shown = 0;
        for (Row r : rows) {
            List<Line> rowLines = row(r, width, pad, digits);
            if (limit > 0 && out.size() + rowLines.size() > limit) break;
            out.addAll(rowLines);
            shown++;
        }
        int hidden = 0;
        for (int k = shown; k < rows.size(); k++) if (rows.get(k).kind() != '@') hidden++;
        if (shown < rows.size())
            out.add(new Line(
                    TextWrap.fit(
                            pad + "… " + hidden + " more diff lines" + (how.isEmpty() ? "" : " (" + how + ")"), width),
                    Style.MUTED));
        return out;
    }

    private static List<Line> row(Row r, int width, String pad, int digits) {
        if (r.kind() == '@') return List.of(new Line(TextWrap.fit(pad + r.text(), width), Style.DIFF_HUNK));
        int no = r.kind() == '-' ? r.oldNo() : r.newNo();
        Style s = r.kind() == '+' ? Style.DIFF_ADD : r.kind() == '-' ? Style.DIFF_DEL : Style.NORMAL;
        Styled first = new Styled(pad, Style.NORMAL)
                .append(String.format("%" + digits + "d ", no), Style.LINE_NO)
                .append(r.kind() + " ", s);
        Styled rest = new Styled(pad + " ".repeat(digits + 3), Style.NORMAL);
        return new Styled(TextWrap.sanitize(r.text()), s).hardWrap(width, first, rest, Style.NORMAL);
    }

    private static List<String> split(String s) {
        if (s == null || s.isEmpty()) return List.of();
        String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        return Arrays.asList(t.split("\n", -1));
    }
}
