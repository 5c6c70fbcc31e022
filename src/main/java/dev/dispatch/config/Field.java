package dev.dispatch.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of the settings registry: a key, its type, default, doc line and the rules that apply to
 * it. Groups and tables nest further fields, so a later issue adds a section (budgets, agents) by
 * adding entries here, with no new parsing or validation code.
 *
 * @param children the nested fields of a group, or the fields of each entry of a table
 * @param choices allowed values of a string, empty for any
 * @param min inclusive lower bound of a number, or null
 * @param max inclusive upper bound of a number, or null
 */
public record Field(
        String name,
        ValueType type,
        Object defaultValue,
        String doc,
        Scope scope,
        Sensitivity sensitivity,
        Merge merge,
        Presence presence,
        List<Field> children,
        Set<String> choices,
        Double min,
        Double max) {

    /** Which layers may set a field. */
    public enum Scope {
        ANY,
        /** User config, env and flags only: a repository's dispatch.yaml may not set it. */
        USER_ONLY
    }

    public enum Sensitivity {
        PLAIN,
        /** Redacted by {@code config show}; never printed. */
        SECRET
    }

    /** How a later layer combines with the value so far. */
    public enum Merge {
        REPLACE,
        /** Lists: later layers add to the list (deny rules). */
        UNION,
        /** The project layer may only make this stricter (auto_allow paths, network). */
        NARROW
    }

    public enum Presence {
        OPTIONAL,
        REQUIRED
    }

    public Field {
        children = List.copyOf(children);
        choices = Set.copyOf(choices);
    }

    public static Field of(String name, ValueType type, String doc) {
        return new Field(
                name,
                type,
                null,
                doc,
                Scope.ANY,
                Sensitivity.PLAIN,
                Merge.REPLACE,
                Presence.OPTIONAL,
                List.of(),
                Set.of(),
                null,
                null);
    }

    public static Field group(String name, String doc, Field... children) {
        return of(name, ValueType.GROUP, doc).nest(children);
    }

    /** A list of entries identified by their {@code id} field (which is added first). */
    public static Field tableList(String name, String doc, Field... entryFields) {
        Field id =
                of("id", ValueType.STRING, "Unique id, referred to elsewhere.").required();
        Field[] all = new Field[entryFields.length + 1];
        all[0] = id;
        System.arraycopy(entryFields, 0, all, 1, entryFields.length);
        return of(name, ValueType.TABLE_LIST, doc).nest(all);
    }

    /** A mapping from entry name to entry. */
    public static Field tableMap(String name, String doc, Field... entryFields) {
        return of(name, ValueType.TABLE_MAP, doc).nest(entryFields);
    }

    public Field def(Object value) {
        return new Field(name, type, value, doc, scope, sensitivity, merge, presence, children, choices, min, max);
    }

    public Field userOnly() {
        return new Field(
                name,
                type,
                defaultValue,
                doc,
                Scope.USER_ONLY,
                sensitivity,
                merge,
                presence,
                children,
                choices,
                min,
                max);
    }

    public Field secret() {
        return new Field(
                name, type, defaultValue, doc, scope, Sensitivity.SECRET, merge, presence, children, choices, min, max);
    }

    public Field merge(Merge how) {
        return new Field(name, type, defaultValue, doc, scope, sensitivity, how, presence, children, choices, min, max);
    }

    public Field required() {
        return new Field(
                name,
                type,
                defaultValue,
                doc,
                scope,
                sensitivity,
                merge,
                Presence.REQUIRED,
                children,
                choices,
                min,
                max);
    }

    public Field oneOf(String... values) {
        return new Field(
                name, type, defaultValue, doc, scope, sensitivity, merge, presence, children, Set.of(values), min, max);
    }

    public Field range(double lo, double hi) {
        return new Field(name, type, defaultValue, doc, scope, sensitivity, merge, presence, children, choices, lo, hi);
    }

    private Field nest(Field... fields) {
        return new Field(
                name, type, defaultValue, doc, scope, sensitivity, merge, presence, List.of(fields), choices, min, max);
    }

    public Optional<Field> child(String childName) {
        return children.stream().filter(f -> f.name.equals(childName)).findFirst();
    }

    /** Why {@code value} breaks this field's choices or range, or empty when it is fine. */
    public Optional<String> problemWith(Object value) {
        if (!choices.isEmpty() && value instanceof String s && !choices.contains(s)) {
            String near = Suggest.nearest(s, choices)
                    .map(n -> " (did you mean '" + n + "'?)")
                    .orElse("");
            return Optional.of("'" + s + "' is not one of " + new java.util.TreeSet<>(choices) + near);
        }
        if (value instanceof Number n
                && (min != null && n.doubleValue() < min || max != null && n.doubleValue() > max)) {
            return Optional.of(type.display(value) + " is out of range " + bound(min) + ".." + bound(max));
        }
        return Optional.empty();
    }

    private String bound(Double b) {
        return b == null ? "" : type.display(type == ValueType.INTEGER ? (Object) b.longValue() : b);
    }

    public boolean isSecret() {
        return sensitivity == Sensitivity.SECRET;
    }
}
