package dev.dispatch.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * Draws styled text into one rectangle of the screen, clipped to it: components get a painter for
 * their region and cannot scribble outside it, whatever the text length.
 */
final class Painter {
    private final TextGraphics g;
    final Rect area;

    Painter(TextGraphics root, Rect area) {
        this.g = root.newTextGraphics(
                new TerminalPosition(area.col(), area.row()),
                new TerminalSize(Math.max(0, area.width()), Math.max(0, area.height())));
        this.area = area;
    }

    int width() {
        return area.width();
    }

    int height() {
        return area.height();
    }

    /** Writes {@code text} at a position relative to the rectangle, cut to its right edge. */
    void put(int col, int row, String text, Style style) {
        if (row < 0 || row >= area.height() || col >= area.width() || text.isEmpty()) return;
        use(style);
        g.putString(col, row, TextWrap.fit(text, area.width() - col));
    }

    /** Writes a whole row, padding with the style's spaces so reverse-video bars span the width. */
    void row(int row, String text, Style style) {
        String t = TextWrap.fit(text, area.width());
        put(0, row, t + " ".repeat(Math.max(0, area.width() - t.length())), style);
    }

    void fill(Style style) {
        use(style);
        g.fill(' ');
    }

    void hline(int row, char c, Style style) {
        if (row < 0 || row >= area.height()) return;
        use(style);
        g.drawLine(0, row, area.width() - 1, row, c);
    }

    void vline(int col, char c, Style style) {
        use(style);
        g.drawLine(col, 0, col, area.height() - 1, c);
    }

    private void use(Style style) {
        Palette.Look look = Palette.look(style);
        g.setForegroundColor(look.fg());
        g.setBackgroundColor(look.bg());
        g.clearModifiers();
        if (!look.sgr().isEmpty()) g.enableModifiers(look.sgr().toArray(new SGR[0]));
    }
}
