package dev.dispatch.tui;

/** A rectangle of cells; empty rectangles (zero width or height) are simply not drawn. */
record Rect(int col, int row, int width, int height) {
    static final Rect NONE = new Rect(0, 0, 0, 0);

    boolean isEmpty() {
        return width <= 0 || height <= 0;
    }

    int bottom() {
        return row + height;
    }

    int right() {
        return col + width;
    }
}
