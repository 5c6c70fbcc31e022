package dev.dispatch.tui;

/** One row of text as a component draws it; the text is already sanitised and fits its width. */
record Line(String text, Style style) {
    static Line of(String text) {
        return new Line(text, Style.NORMAL);
    }

    static final Line BLANK = new Line("", Style.NORMAL);
}
