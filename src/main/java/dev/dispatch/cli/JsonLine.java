package dev.dispatch.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object of a headless run's output (stream-json lines, the json end object), written without
 * Jackson so that a {@code dispatch run} attached to an owner never builds Jackson's mapper (issue #19).
 * Its text is byte for byte what Jackson's {@code ObjectNode.toString()} wrote before: fields in the order
 * put (a repeated name keeps its first place), {@code null}s written, doubles as {@link Double#toString}
 * (NaN and infinities quoted), and Jackson's escapes (quote, backslash, b t n f r, other control
 * characters as a six-character u-escape in upper-case hex, everything else as is). {@code JsonLineTest} holds it to Jackson.
 */
final class JsonLine {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonLine put(String name, String value) {
        fields.put(name, value);
        return this;
    }

    JsonLine put(String name, long value) {
        fields.put(name, value);
        return this;
    }

    JsonLine put(String name, double value) {
        fields.put(name, value);
        return this;
    }

    JsonLine put(String name, boolean value) {
        fields.put(name, value);
        return this;
    }

    JsonLine putNull(String name) {
        fields.put(name, null);
        return this;
    }

    /** A nested object under {@code name}, to fill in. */
    JsonLine putObject(String name) {
        JsonLine o = new JsonLine();
        fields.put(name, o);
        return o;
    }

    /** An array of strings under {@code name}, to add to. */
    List<String> putArray(String name) {
        List<String> a = new ArrayList<>();
        fields.put(name, a);
        return a;
    }

    void remove(String name) {
        fields.remove(name);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(128);
        write(b);
        return b.toString();
    }

    private void write(StringBuilder b) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (!first) b.append(',');
            first = false;
            string(b, e.getKey());
            b.append(':');
            value(b, e.getValue());
        }
        b.append('}');
    }

    private static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) string(b, d.toString());
            else b.append(d.doubleValue());
        } else if (v instanceof JsonLine o) {
            o.write(b);
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) b.append(',');
                value(b, list.get(i));
            }
            b.append(']');
        } else {
            b.append(v); // Long, Boolean
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static void string(StringBuilder b, String s) {
        b.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            b.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        b.append(s, from, s.length()).append('"');
    }
}
