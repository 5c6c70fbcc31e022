package dev.dispatch.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The types a setting can hold, each with its parser from text (YAML scalars, env vars and flags all
 * arrive as text) and its display form. Parse errors say what was expected and show the bad value.
 */
public enum ValueType {
    STRING("a string"),
    INTEGER("an integer"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    DURATION("a duration such as 500ms, 10s, 5m, 2h or 7d"),
    STRING_LIST("a list of strings"),
    /** Absolute or {@code ~/} paths; relative ones are resolved against the project directory. */
    PATH_LIST("a list of paths"),
    /**
     * One existing regular file, relative to the config file's directory; read as the real path, and in
     * a project's dispatch.yaml only inside the project ({@link PathRules#file}).
     */
    FILE("a path to a file"),
    /** A nested mapping with fixed keys ({@code permissions:}). */
    GROUP("a mapping"),
    /** A list of entries with an {@code id} field ({@code models:}). */
    TABLE_LIST("a list of entries, each with an id"),
    /** A mapping from entry name to entry ({@code providers:}). */
    TABLE_MAP("a mapping from name to entry");

    private final String expected;

    ValueType(String expected) {
        this.expected = expected;
    }

    public String expected() {
        return expected;
    }

    public boolean isScalar() {
        return this != GROUP && this != TABLE_LIST && this != TABLE_MAP && !isList();
    }

    public boolean isList() {
        return this == STRING_LIST || this == PATH_LIST;
    }

    /** Parses one scalar; throws {@link IllegalArgumentException} with a user-facing message. */
    public Object parse(String text) {
        String t = text.trim();
        return switch (this) {
            case STRING, FILE -> text;
            case INTEGER -> parseInteger(t);
            case NUMBER -> parseNumber(t);
            case BOOLEAN -> parseBoolean(t);
            case DURATION -> Durations.parse(t);
            case STRING_LIST, PATH_LIST -> splitList(text);
            default -> throw new IllegalArgumentException("expected " + expected + ", got '" + text + "'");
        };
    }

    private Object parseInteger(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + expected + ", got '" + t + "'");
        }
    }

    private Object parseNumber(String t) {
        try {
            return new BigDecimal(t).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + expected + ", got '" + t + "'");
        }
    }

    private Object parseBoolean(String t) {
        if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
        throw new IllegalArgumentException("expected " + expected + ", got '" + t + "'");
    }

    /** Env vars and flags give lists as comma-separated text. */
    private static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) out.add(part.trim());
        }
        return List.copyOf(out);
    }

    /** The text form used by {@code config show}; the inverse of {@link #parse} for scalars. */
    public String display(Object value) {
        if (value == null) return "-";
        if (value instanceof Duration d) return Durations.format(d);
        if (value instanceof List<?> l)
            return "[" + String.join(", ", l.stream().map(String::valueOf).toList()) + "]";
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d))
            return String.valueOf(d.longValue());
        return String.valueOf(value);
    }
}
