package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Lays out an assistant's markdown (CommonMark + GFM tables, parsed by commonmark-java) as styled
 * rows for a width: headings, emphasis, nested and ordered lists, block quotes, links with their
 * address, tables, inline code and fenced code with syntax colours. Markers are drawn, not printed:
 * no {@code **}, {@code #} or code fences reach the screen. A half-streamed message renders sanely:
 * an unclosed fence is a code block up to the end (without its closing rule), an unclosed
 * {@code **} is plain text, and the next delta simply renders again.
 */
final class Markdown {
    private static final Parser PARSER =
            Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final String[] BULLETS = {"• ", "◦ ", "▪ "};
    /** Deeper nesting (hostile or broken text) is laid out flat: no stack overflow, no row wider than the pane. */
    static final int MAX_DEPTH = 32;

    private Markdown() {}

    /** {@code text} (sanitised here) as rows of at most {@code width} columns, each starting with {@code indent}. */
    static List<Line> render(String text, int width, int indent) {
        List<Line> out = new ArrayList<>();
        Styled pad = new Styled(" ".repeat(indent), Style.NORMAL);
        children(PARSER.parse(TextWrap.sanitize(text)), Math.max(indent + 8, width), pad, pad, Style.NORMAL, true, out);
        if (out.isEmpty()) out.add(pad.toLine(Style.NORMAL));
        return out;
    }

    private static void children(
            Node parent, int width, Styled first, Styled rest, Style base, boolean spaced, List<Line> out) {
        boolean firstChild = true;
        for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof LinkReferenceDefinition) continue;
            if (!firstChild && spaced) out.add(blank(rest));
            block(c, width, firstChild ? first : rest, rest, base, out);
            firstChild = false;
        }
    }

    private static void block(Node n, int width, Styled first, Styled rest, Style base, List<Line> out) {
        if (rest.length() > width / 2 || depth(n) > MAX_DEPTH) {
            // too deep to indent further: the text of the whole subtree, wrapped at this indentation
            Styled none = new Styled();
            Styled f = first.length() > width / 2 ? none : first;
            Styled r = rest.length() > width / 2 ? none : rest;
            new Styled(plain(n), base).wrap(width, f, r, Style.NORMAL).forEach(out::add);
            return;
        }
        switch (n) {
            case Paragraph p ->
                inline(p, base).wrap(width, first, rest, Style.NORMAL).forEach(out::add);
            case Heading h -> {
                Styled s = inline(h, Style.HEADING);
                if (h.getLevel() <= 2) s = new Styled(h.getLevel() == 1 ? "█ " : "▌ ", Style.HEADING).append(s);
                out.addAll(s.wrap(width, first, rest, Style.NORMAL));
            }
            case BlockQuote q -> {
                Styled f = copy(first).append("│ ", Style.QUOTE);
                Styled r = copy(rest).append("│ ", Style.QUOTE);
                children(q, width, f, r, Style.QUOTE, true, out);
            }
            case ListBlock l -> list(l, width, first, rest, base, out);
            case FencedCodeBlock f -> {
                String info = f.getInfo() == null ? "" : f.getInfo().strip();
                String lang = info.isEmpty() ? "" : info.split("\\s+")[0];
                code(f.getLiteral(), lang, f.getClosingFenceLength() != null, width, first, rest, out);
            }
            case IndentedCodeBlock c -> code(c.getLiteral(), "", true, width, first, rest, out);
            case ThematicBreak t ->
                out.add(copy(first)
                        .append("─".repeat(Math.max(1, width - first.length())), Style.MUTED)
                        .toLine(Style.NORMAL));
            case HtmlBlock h ->
                new Styled(stripNewline(h.getLiteral()), base)
                        .hardWrap(width, first, rest, Style.NORMAL)
                        .forEach(out::add);
            case TableBlock t -> MarkdownTable.render(t, width, first, rest, out);
            default -> {
                if (n.getFirstChild() != null && !(n.getFirstChild() instanceof Text))
                    children(n, width, first, rest, base, true, out);
                else inline(n, base).wrap(width, first, rest, Style.NORMAL).forEach(out::add);
            }
        }
    }

    private static void list(ListBlock l, int width, Styled first, Styled rest, Style base, List<Line> out) {
        int depth = 0;
        for (Node p = l.getParent(); p != null; p = p.getParent()) if (p instanceof ListBlock) depth++;
        int number = l instanceof OrderedList o && o.getMarkerStartNumber() != null ? o.getMarkerStartNumber() : 1;
        String delim = l instanceof OrderedList o && o.getMarkerDelimiter() != null ? o.getMarkerDelimiter() : ".";
        int items = 0;
        for (Node c = l.getFirstChild(); c != null; c = c.getNext()) items++;
        int markerWidth =
                l instanceof OrderedList ? String.valueOf(number + items - 1).length() + delim.length() + 1 : 2;
        boolean firstItem = true;
        for (Node item = l.getFirstChild(); item != null; item = item.getNext()) {
            if (!firstItem && !l.isTight()) out.add(blank(rest));
            String marker = l instanceof OrderedList
                    ? pad((number++) + delim, markerWidth)
                    : BULLETS[Math.min(depth, BULLETS.length - 1)];
            Styled f = copy(firstItem ? first : rest)
                    .append(marker, l instanceof OrderedList ? Style.NORMAL : Style.MUTED);
            Styled r = copy(rest).append(" ".repeat(marker.length()), Style.NORMAL);
            if (item instanceof ListItem && item.getFirstChild() == null) out.add(f.toLine(Style.NORMAL));
            else children(item, width, f, r, base, !l.isTight(), out);
            firstItem = false;
        }
    }

    private static void code(
            String literal, String lang, boolean closed, int width, Styled first, Styled rest, List<Line> out) {
        out.add(copy(first)
                .append(lang.isEmpty() ? "╭─" : "╭─ " + lang, Style.MUTED)
                .toLine(Style.NORMAL));
        Styled bar = copy(rest).append("│ ", Style.MUTED);
        String body = stripNewline(literal);
        Styled hl = Highlighter.highlight(body, lang, Style.NORMAL);
        int start = 0;
        for (String ln : body.split("\n", -1)) {
            out.addAll(hl.slice(start, start + ln.length()).hardWrap(width, bar, bar, Style.NORMAL));
            start += ln.length() + 1;
        }
        if (closed) out.add(copy(rest).append("╰─", Style.MUTED).toLine(Style.NORMAL));
    }

    /** The text of inline children, styled: emphasis, strong, code spans, links (with the address when it differs). */
    static Styled inline(Node parent, Style style) {
        Styled out = new Styled();
        inline(parent, style, out, 0);
        return out;
    }

    private static void inline(Node parent, Style style, Styled out, int depth) {
        if (depth > MAX_DEPTH) {
            out.append(plain(parent).replace('\n', ' '), style);
            return;
        }
        for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
            switch (c) {
                case Text t -> out.append(t.getLiteral(), style);
                case Code k -> out.append(k.getLiteral(), Style.CODE);
                case Emphasis e ->
                    inline(e, style == Style.STRONG || style == Style.HEADING ? style : Style.EMPH, out, depth + 1);
                case StrongEmphasis s -> inline(s, style == Style.HEADING ? style : Style.STRONG, out, depth + 1);
                case Link l -> {
                    int before = out.length();
                    inline(l, Style.LINK, out, depth + 1);
                    String shown = out.text().substring(before);
                    String dest = l.getDestination() == null ? "" : l.getDestination();
                    if (!dest.isEmpty() && !dest.equals(shown) && !("mailto:" + shown).equals(dest))
                        out.append(" (" + dest + ")", Style.MUTED);
                }
                case Image i -> {
                    Styled alt = inline(i, Style.MUTED);
                    out.append("[image: " + alt.text() + "]", Style.MUTED);
                }
                case SoftLineBreak b -> out.append(" ", style);
                case HardLineBreak b -> out.append("\n", style);
                case HtmlInline h -> out.append(h.getLiteral(), style);
                default -> inline(c, style, out, depth + 1);
            }
        }
    }

    private static int depth(Node n) {
        int d = 0;
        for (Node p = n.getParent(); p != null && d <= MAX_DEPTH; p = p.getParent()) d++;
        return d;
    }

    /** The literal text below {@code n}, iteratively (any depth), one line per block or break. */
    static String plain(Node n) {
        StringBuilder b = new StringBuilder();
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        stack.push(n);
        while (!stack.isEmpty()) {
            Node c = stack.pop();
            switch (c) {
                case Text t -> b.append(t.getLiteral());
                case Code k -> b.append(k.getLiteral());
                case FencedCodeBlock f -> b.append(f.getLiteral());
                case IndentedCodeBlock f -> b.append(f.getLiteral());
                case HtmlBlock h -> b.append(h.getLiteral());
                case HtmlInline h -> b.append(h.getLiteral());
                case SoftLineBreak x -> b.append(' ');
                case HardLineBreak x -> b.append('\n');
                default -> {
                    if (c instanceof org.commonmark.node.Block
                            && c != n
                            && !b.isEmpty()
                            && b.charAt(b.length() - 1) != '\n') b.append('\n');
                    java.util.List<Node> kids = new java.util.ArrayList<>();
                    for (Node k = c.getFirstChild(); k != null; k = k.getNext()) kids.add(k);
                    for (int i = kids.size() - 1; i >= 0; i--) stack.push(kids.get(i));
                }
            }
        }
        return stripNewline(b.toString());
    }

    private static Line blank(Styled rest) {
        String t = rest.text();
        int keep = t.stripTrailing().length();
        return rest.slice(0, keep).toLine(Style.NORMAL);
    }

    private static Styled copy(Styled s) {
        return new Styled().append(s);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String stripNewline(String s) {
        if (s == null) return "";
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
