package dev.dispatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Human output as an aligned table: a header row in capitals, then one row per item, columns
 * padded to the widest cell, two spaces apart, no trailing spaces. Cells are flattened to one line.
 */
final class Columns {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Columns(String... header) {
        this.header = List.of(header);
    }

    Columns row(Object... cells) {
        if (cells.length != header.size()) throw new IllegalArgumentException("row has " + cells.length + " cells");
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c == null ? "-" : oneLine(c.toString()));
        rows.add(r);
        return this;
    }

    /** Each run of CR, LF and tab as one space (a loop, not a regex: the socket lane prints these tables too). */
    static String oneLine(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean blank = isBreak(c);
            if (blank && b == null) b = new StringBuilder(s.length()).append(s, 0, i);
            if (b == null) continue;
            if (!blank) b.append(c);
            else if (i == 0 || !isBreak(s.charAt(i - 1))) b.append(' ');
        }
        return b == null ? s : b.toString();
    }

    private static boolean isBreak(char c) {
        return c == '\r' || c == '\n' || c == '\t';
    }

    void print(PrintWriter out) {
        int[] width = new int[header.size()];
        for (List<String> r : allRows()) {
            for (int i = 0; i < r.size(); i++)
                width[i] =
                        Math.max(width[i], r.get(i).codePointCount(0, r.get(i).length()));
        }
        for (List<String> r : allRows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                line.append(cell);
                if (i < r.size() - 1) line.append(" ".repeat(width[i] - cell.codePointCount(0, cell.length()) + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
