package dev.dispatch.tui;

import java.util.List;

/**
 * One row of text as a component draws it; the text is already sanitised and fits its width. A row
 * may carry {@link Span}s that restyle parts of it (emphasis, inline code, syntax colours, diff
 * markers) over its base style.
 */
record Line(String text, Style style, List<Span> spans) {
    /** Columns {@code [start, end)} of the text drawn in {@code style}. */
    record Span(int start, int end, Style style) {}

    Line {
        spans = spans == null ? List.of() : List.copyOf(spans);
    }

    Line(String text, Style style) {
        this(text, style, List.of());
    }

    static Line of(String text) {
        return new Line(text, Style.NORMAL);
    }

    /** The style of column {@code i}: the last span covering it, else the base style. */
    Style styleAt(int i) {
        Style s = style;
        for (Span sp : spans) if (i >= sp.start() && i < sp.end()) s = sp.style();
        return s;
    }

    static final Line BLANK = new Line("", Style.NORMAL);
}
