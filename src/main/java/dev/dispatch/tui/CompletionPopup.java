package dev.dispatch.tui;

import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.ArrayList;
import java.util.List;

/**
 * The list that opens above the input: slash commands as {@code /} is typed (name, usage, help),
 * project files and agents as {@code @word} is typed (fuzzy), or an open {@link Picker}. ↑ ↓ move,
 * Tab takes the highlighted row (Enter in a picker), Esc closes it. What it offers is worked out once
 * per key press ({@link #of}), never per frame, so streaming output costs it nothing.
 */
final class CompletionPopup {
    static final int MAX_ROWS = 8;

    private CompletionPopup() {}

    enum Kind {
        SLASH,
        MENTION,
        PICKER
    }

    /** What the popup shows: {@code rows} to draw and the {@code values} Tab puts in the input. */
    record Offer(Kind kind, String title, List<String> rows, List<String> values) {
        static final Offer NONE = new Offer(Kind.SLASH, "", List.of(), List.of());

        boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /** What to offer for the input as it is now (the picker, when one is open, wins). */
    static Offer of(InputState in, UiState ui, ViewModel vm, Mentions mentions) {
        if (ui.picker != null) return new Offer(Kind.PICKER, ui.picker.title, ui.picker.rows, ui.picker.values);
        if (ui.popupClosed || in.search != null || ui.focus != Focus.INPUT) return Offer.NONE;
        String t = in.text.toString();
        if (t.startsWith("/") && t.indexOf(' ') < 0 && t.indexOf('\n') < 0) {
            List<String> rows = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (SlashCommands.Command c : SlashCommands.offered(t)) {
                rows.add(String.format("%-20s %s", SlashCommands.usageOf(c), c.help()));
                values.add(c.name());
            }
            return rows.isEmpty() ? Offer.NONE : new Offer(Kind.SLASH, "commands", rows, values);
        }
        String word = Mentions.wordAt(in);
        if (word == null) return Offer.NONE;
        List<String> found = mentions.complete(word, vm, MAX_ROWS);
        if (found == null) return new Offer(Kind.MENTION, "finding project files…", List.of("…"), List.of(""));
        return found.isEmpty() ? Offer.NONE : new Offer(Kind.MENTION, "@ files and agents", found, found);
    }

    /** Draws the offer at the bottom of {@code area} (the chat), {@code index} highlighted. */
    static void draw(TextGraphics g, Rect area, Offer o, int index) {
        if (o.isEmpty() || area.height() < 3) return;
        int shownRows = Math.min(Math.min(MAX_ROWS, o.rows().size()), area.height() - 2);
        int first = Math.max(0, Math.min(index - shownRows + 1, o.rows().size() - shownRows));
        int w = Math.min(area.width(), 90);
        Rect r = new Rect(area.col(), area.row() + area.height() - shownRows - 1, w, shownRows + 1);
        Painter p = new Painter(g, r);
        p.fill(Style.NORMAL);
        String more = o.rows().size() > shownRows ? " (" + o.rows().size() + ")" : "";
        p.row(
                0,
                " " + o.title() + more + " · ↑↓ Tab" + (o.kind() == Kind.PICKER ? " Enter" : "") + " Esc",
                Style.MODAL_TITLE);
        for (int i = 0; i < shownRows; i++) {
            int at = first + i;
            String row = TextWrap.sanitize(o.rows().get(at));
            p.row(1 + i, (at == index ? "› " : "  ") + row, at == index ? Style.BOLD : Style.NORMAL);
        }
    }
}
