package dev.dispatch.tui;

import java.util.List;
import java.util.function.Consumer;

/**
 * A short list the user chooses one row of with ↑ ↓ and Enter (Esc leaves it), drawn where the
 * completion popup goes: the session picker of {@code /resume}. {@code values} parallel {@code rows}.
 */
final class Picker {
    final String title;
    final List<String> rows;
    final List<String> values;
    final Consumer<String> chosen;
    int index;

    Picker(String title, List<String> rows, List<String> values, Consumer<String> chosen) {
        if (rows.size() != values.size()) throw new IllegalArgumentException("rows and values differ in length");
        this.title = title;
        this.rows = List.copyOf(rows);
        this.values = List.copyOf(values);
        this.chosen = chosen;
    }

    void move(int delta) {
        if (rows.isEmpty()) return;
        index = Math.floorMod(index + delta, rows.size());
    }

    String value() {
        return rows.isEmpty() ? null : values.get(index);
    }
}
