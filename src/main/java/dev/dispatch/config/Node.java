package dev.dispatch.config;

import java.util.List;

/** A YAML value with the place it was written, so every error can name file:line:column. */
sealed interface Node {
    Origin at();

    /** A scalar as written; {@code text} is null for an explicit or missing null. */
    record Scalar(String text, Origin at) implements Node {}

    record Sequence(List<Node> items, Origin at) implements Node {}

    record Mapping(List<Entry> entries, Origin at) implements Node {}

    /** One {@code key: value} pair; {@code keyAt} points at the key itself. */
    record Entry(String key, Origin keyAt, Node value) {}

    static String describe(Node n) {
        return switch (n) {
            case Scalar s -> s.text() == null ? "nothing" : "'" + s.text() + "'";
            case Sequence q -> "a list";
            case Mapping m -> "a mapping";
        };
    }
}
