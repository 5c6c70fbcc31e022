package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The rendered rows of one streaming answer. The text's complete blocks ({@link MarkdownStream}) are
 * rendered once and kept; each delta re-renders only the open tail, so a frame of a long answer costs
 * its last block, not the whole answer. Rows are the same as rendering the whole text at once: blocks
 * are set off by one blank row either way.
 */
final class AnswerLines {
    private int width = -1;
    private int indent;
    /** Characters of the text that {@link #done} covers. */
    private int stable;

    private List<Line> done = List.of();

    List<Line> render(CharSequence text, int width, int indent) {
        if (width != this.width
                || indent != this.indent
                || text.length() < stable) { // answers only grow (Transcript.appendText); anything else starts over
            this.width = width;
            this.indent = indent;
            stable = 0;
            done = List.of();
        }
        int end = MarkdownStream.stableEnd(text, stable);
        if (end > stable) {
            done = join(done, text.subSequence(stable, end));
            stable = end;
        }
        List<Line> all = join(done, text.subSequence(stable, text.length()));
        return all.isEmpty() ? Markdown.render("", width, indent) : all;
    }

    private List<Line> join(List<Line> before, CharSequence markdown) {
        if (markdown.toString().isBlank()) return before;
        List<Line> more = Markdown.render(markdown.toString(), width, indent);
        List<Line> out = new ArrayList<>(before.size() + 1 + more.size());
        out.addAll(before);
        if (!before.isEmpty()) out.add(Line.BLANK);
        out.addAll(more);
        return out;
    }
}
