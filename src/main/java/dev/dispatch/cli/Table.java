package dev.dispatch.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Human output: a header and rows printed as left-aligned columns separated by two spaces. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int width;

    Table(String... header) {
        this.width = header.length;
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[width];
        for (int i = 0; i < width; i++) r[i] = i < cells.length ? cell(cells[i]) : "";
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    void print(PrintWriter out) {
        int[] w = new int[width];
        for (String[] r : rows) for (int i = 0; i < width; i++) w[i] = Math.max(w[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width; i++) {
                line.append(r[i]);
                if (i < width - 1) line.append(" ".repeat(w[i] - r[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Cells are one line: newlines folded, long text cut, times to the second, nulls as "-". */
    static String cell(Object v) {
        if (v == null) return "-";
        if (v instanceof Instant t) return t.truncatedTo(ChronoUnit.SECONDS).toString();
        if (v instanceof List<?> l) return l.isEmpty() ? "-" : joined(l);
        String s = v.toString().replace('\n', ' ').replace('\t', ' ');
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** The items of a list joined by commas (a plain loop: the socket lane prints tables too, see {@link SocketLane}). */
    private static String joined(List<?> items) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) b.append(',');
            b.append(items.get(i));
        }
        return b.toString();
    }

    /** A "key: value" block for one record (show commands). */
    static void fields(PrintWriter out, Object... keyValues) {
        int w = 0;
        for (int i = 0; i < keyValues.length; i += 2)
            w = Math.max(w, keyValues[i].toString().length());
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            String text = v instanceof String s ? s : cell(v);
            out.println(
                    keyValues[i] + ":" + " ".repeat(w - keyValues[i].toString().length() + 1) + text);
        }
        out.flush();
    }
}
