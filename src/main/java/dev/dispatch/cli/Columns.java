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
        for (Object c : cells) r.add(c == null ? "-" : c.toString().replaceAll("[\\r\\n\\t]+", " "));
        rows.add(r);
        return this;
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
