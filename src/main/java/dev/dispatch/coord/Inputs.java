package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validation of everything a caller sends to coord, before any SQL runs: bad input gets an error that
 * names the field, the value and the fix, and changes nothing.
 */
final class Inputs {
    /** Agent, queue and capability names: safe in shells, URLs and file names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");

    static final int MAX_TITLE = 1_000;
    static final int MAX_TEXT = 65_536;
    static final int MAX_SHORT = 400;

    private Inputs() {}

    static String space(String space) {
        String s = required("space", space);
        if (s.length() > 200)
            throw EngineException.invalid("space is " + s.length() + " characters long; the limit is 200");
        return s;
    }

    static String name(String field, String value) {
        String v = required(field, value);
        if (!NAME.matcher(v).matches()) {
            throw EngineException.invalid(field + " '" + shorten(v) + "' is not a valid name: use 1-100 letters, digits"
                    + " or . _ : @ -, starting with a letter or digit");
        }
        return v;
    }

    static String optionalName(String field, String value) {
        return value == null ? null : name(field, value);
    }

    static List<String> names(String field, List<String> values) {
        if (values == null) return List.of();
        TreeSet<String> out = new TreeSet<>();
        for (String v : values) out.add(name(field, v));
        return new ArrayList<>(out);
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) throw EngineException.invalid(field + " is empty; give a value");
        return text(field, value, MAX_TEXT);
    }

    /** Free text: bounded length, no NUL or control characters other than tab/newline, valid Unicode. */
    static String text(String field, String value, int max) {
        if (value == null) return null;
        if (value.length() > max) {
            throw EngineException.invalid(field + " is " + value.length() + " characters long; the limit is " + max);
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == 0 || (Character.isISOControl(ch) && ch != '\n' && ch != '\t' && ch != '\r')) {
                throw EngineException.invalid(field + " contains control character U+" + String.format("%04X", (int) ch)
                        + " at position " + i + "; remove it");
            }
            if (ch == '\uFFFD') {
                throw EngineException.invalid(field + " contains invalid UTF-8 (replacement character at position " + i
                        + "); send UTF-8 text");
            }
            if (Character.isHighSurrogate(ch)
                            && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                throw EngineException.invalid(
                        field + " contains an unpaired surrogate at position " + i + "; send valid Unicode text");
            }
        }
        return value;
    }

    static int range(String field, Integer value, int dflt, int min, int max) {
        if (value == null) return dflt;
        if (value < min || value > max) {
            throw EngineException.invalid(field + " " + value + " is out of range; use " + min + ".." + max);
        }
        return value;
    }

    /** Parses an enum-like word against its allowed values (lower case on the wire). */
    static String oneOf(String field, String value, List<String> allowed) {
        if (value == null) return null;
        String v = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw EngineException.invalid(
                    field + " '" + shorten(value) + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    static String shorten(String v) {
        return v.length() <= 60 ? v : v.substring(0, 57) + "...";
    }

    static String joinNames(List<String> names) {
        return String.join(",", names);
    }

    static List<String> splitNames(String joined) {
        if (joined == null || joined.isEmpty()) return List.of();
        return List.of(joined.split(","));
    }
}
