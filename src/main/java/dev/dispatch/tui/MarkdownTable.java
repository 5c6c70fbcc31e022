package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.node.Node;

/**
 * A GFM table as a box-drawn grid: columns as wide as their widest cell, aligned as the table says;
 * when the grid is wider than the pane the widest columns give way and their cells wrap, so a table
 * never runs off the edge.
 */
final class MarkdownTable {
    private MarkdownTable() {}

    private record Row(List<Styled> cells, List<TableCell.Alignment> align, boolean head) {}

    static void render(TableBlock t, int width, Styled first, Styled rest, List<Line> out) {
        List<Row> rows = new ArrayList<>();
        for (Node section = t.getFirstChild(); section != null; section = section.getNext()) {
            for (Node r = section.getFirstChild(); r != null; r = r.getNext()) {
                List<Styled> cells = new ArrayList<>();
                List<TableCell.Alignment> align = new ArrayList<>();
                for (Node c = r.getFirstChild(); c != null; c = c.getNext()) {
                    TableCell cell = (TableCell) c;
                    cells.add(Markdown.inline(cell, cell.isHeader() ? Style.STRONG : Style.NORMAL));
                    align.add(cell.getAlignment());
                }
                rows.add(new Row(cells, align, section instanceof TableHead));
            }
        }
        int cols = rows.stream().mapToInt(r -> r.cells().size()).max().orElse(0);
        if (cols == 0) return;
        if (cols * 4 + 1 > width - rest.length()) {
            // more columns than the pane can draw: one row per line, cells between bars, wrapped
            for (Row r : rows) {
                Styled line = new Styled();
                for (int i = 0; i < r.cells().size(); i++) {
                    if (i > 0) line.append(" │ ", Style.MUTED);
                    line.append(r.cells().get(i));
                }
                out.addAll(line.wrap(width, rows.get(0) == r ? first : rest, rest, Style.NORMAL));
            }
            return;
        }
        int[] w = new int[cols];
        for (Row r : rows)
            for (int i = 0; i < r.cells().size(); i++)
                w[i] = Math.max(w[i], Math.max(1, r.cells().get(i).length()));
        // borders: "│ " before each cell, " │" after the last, " │ " between: 3 per column + 1
        int room = Math.max(cols, width - rest.length() - (3 * cols + 1));
        shrink(w, room);
        out.add(rule(first, w, '┌', '┬', '┐'));
        boolean wasHead = false;
        for (int ri = 0; ri < rows.size(); ri++) {
            Row r = rows.get(ri);
            if (wasHead && !r.head()) out.add(rule(rest, w, '├', '┼', '┤'));
            wasHead = r.head();
            List<List<Line>> wrapped = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < cols; i++) {
                Styled cell = i < r.cells().size() ? r.cells().get(i) : new Styled();
                List<Line> ls = cell.length() == 0
                        ? List.of(Line.BLANK)
                        : cell.wrap(w[i], new Styled(), new Styled(), Style.NORMAL);
                wrapped.add(ls);
                height = Math.max(height, ls.size());
            }
            for (int y = 0; y < height; y++) {
                Styled row = new Styled().append(rest).append("│", Style.MUTED);
                for (int i = 0; i < cols; i++) {
                    List<Line> ls = wrapped.get(i);
                    Line part = y < ls.size() ? ls.get(y) : Line.BLANK;
                    TableCell.Alignment a = i < r.align().size() ? r.align().get(i) : null;
                    int gap = Math.max(0, w[i] - part.text().length());
                    int left = a == TableCell.Alignment.RIGHT ? gap : a == TableCell.Alignment.CENTER ? gap / 2 : 0;
                    row.append(" " + " ".repeat(left), Style.NORMAL);
                    for (int k = 0; k < part.text().length(); k++)
                        row.append(String.valueOf(part.text().charAt(k)), part.styleAt(k));
                    row.append(" ".repeat(gap - left) + " ", Style.NORMAL).append("│", Style.MUTED);
                }
                out.add(row.toLine(Style.NORMAL));
            }
        }
        out.add(rule(rest, w, '└', '┴', '┘'));
    }

    /** Narrows the widest columns, one column at a time, until they fit {@code room}. */
    private static void shrink(int[] w, int room) {
        int total = 0;
        for (int x : w) total += x;
        while (total > room) {
            int widest = 0;
            for (int i = 1; i < w.length; i++) if (w[i] > w[widest]) widest = i;
            if (w[widest] <= 1) return;
            w[widest]--;
            total--;
        }
    }

    private static Line rule(Styled prefix, int[] w, char left, char mid, char right) {
        StringBuilder b = new StringBuilder().append(left);
        for (int i = 0; i < w.length; i++) {
            b.append("─".repeat(w[i] + 2)).append(i == w.length - 1 ? right : mid);
        }
        return new Styled().append(prefix).append(b.toString(), Style.MUTED).toLine(Style.NORMAL);
    }
}
