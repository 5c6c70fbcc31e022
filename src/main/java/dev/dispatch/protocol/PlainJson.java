package dev.dispatch.protocol;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON without Jackson, for the client's start path: building Jackson's mapper and its first
 * (de)serializers costs a one-shot command ~50 ms, more than the whole request to the daemon. Writes
 * op records the way {@link Json#mapper()} does (record components in order, nulls omitted, enums by
 * name, instants ISO-8601), reads the daemon's small documents (registry file, error bodies) into
 * maps, lists, strings, longs, doubles and booleans, and reads an op's answer into its type as the
 * mapper does ({@link #read(String, Type)}, for the socket lane's text output). {@code PlainJsonTest}
 * holds it to the mapper.
 */
public final class PlainJson {
    private PlainJson() {}

    /** {@code value} as JSON text; a type the wire does not use is an {@link IllegalArgumentException}. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(out, value);
        return out.toString();
    }

    static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof CharSequence s) {
            string(out, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
            out.append(v);
        } else if (v instanceof Enum<?> e) {
            string(out, e.name());
        } else if (v instanceof Instant t) {
            string(out, t.toString());
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) out.append(',');
                first = false;
                write(out, item);
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() == null) continue;
                if (!first) out.append(',');
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Record r) {
            write(out, fields(r));
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as wire JSON");
        }
    }

    /** A record's components by name, in declaration order (null values included). */
    public static Map<String, Object> fields(Record r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean open = Modifier.isPublic(r.getClass().getModifiers());
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                Method accessor = c.getAccessor();
                if (!open) accessor.setAccessible(true); // a package-private op, as tests and embedders declare
                fields.put(c.getName(), accessor.invoke(r));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException(
                        "cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
            }
        }
        return fields;
    }

    /** Appends {@code s} as a JSON string (the daemon's hand-written request log uses this too). */
    public static void string(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses one JSON document: objects become {@link LinkedHashMap}s, arrays {@link List}s, integers
     * {@link Long}s, other numbers {@link Double}s. Malformed or deeper than {@link Json#MAX_DEPTH}: an
     * {@link IllegalArgumentException} saying where.
     */
    public static Object read(String text) {
        Reader r = new Reader(text);
        r.blank();
        Object v = r.value(0);
        r.blank();
        if (r.at < text.length()) throw r.error("unexpected text after the document");
        return v;
    }

    /**
     * Reads one JSON document into {@code type} (a class or a parameterized {@code List}/{@code Map}) as
     * {@link Json#mapper()} reads it; see {@link PlainDecoder} for the rules. Malformed JSON, an unknown
     * field, a value of the wrong kind or a type it does not read: an {@link IllegalArgumentException}
     * saying where.
     */
    public static Object read(String text, Type type) {
        return new PlainDecoder().decode(read(text), type, PlainDecoder.Where.ROOT);
    }

    /**
     * A document {@link #read(String)} already parsed, read into {@code type} by the same rules as
     * {@link #read(String, Type)} (an event's {@code data} inside its envelope).
     */
    public static Object decode(Object node, Type type) {
        return new PlainDecoder().decode(node, type, PlainDecoder.Where.ROOT);
    }

    /**
     * The {@code R} of an op type declaring {@code Op<R>} directly, without Jackson's type factory (which
     * {@link OpCodec#answerType} uses).
     */
    public static Type answerType(Class<?> opType) {
        for (Type t : opType.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == Op.class) return p.getActualTypeArguments()[0];
        }
        throw new IllegalArgumentException(opType.getName() + " does not declare Op<R> directly");
    }

    /** A recursive-descent reader over one string. */
    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (depth > Json.MAX_DEPTH) throw error("nested deeper than " + Json.MAX_DEPTH);
            if (at >= s.length()) throw error("unexpected end");
            char c = s.charAt(at);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("unexpected '" + c + "'");
            }
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> m = new LinkedHashMap<>();
            at++;
            blank();
            if (take('}')) return m;
            do {
                blank();
                if (at >= s.length() || s.charAt(at) != '"') throw error("expected a field name");
                String key = string();
                blank();
                if (!take(':')) throw error("expected ':'");
                blank();
                m.put(key, value(depth + 1));
                blank();
            } while (take(','));
            if (!take('}')) throw error("expected ',' or '}'");
            return m;
        }

        private List<Object> array(int depth) {
            List<Object> list = new ArrayList<>();
            at++;
            blank();
            if (take(']')) return list;
            do {
                blank();
                list.add(value(depth + 1));
                blank();
            } while (take(','));
            if (!take(']')) throw error("expected ',' or ']'");
            return list;
        }

        private String string() {
            int start = ++at;
            // most strings have no escape: one scan and a substring, not a StringBuilder append per char
            while (at < s.length()) {
                char c = s.charAt(at);
                if (c == '"') return s.substring(start, at++);
                if (c == '\\') break;
                at++;
            }
            StringBuilder b = new StringBuilder(at - start + 16).append(s, start, at);
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == '"') return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (at >= s.length()) break;
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (at + 4 > s.length()) throw error("short \\u escape");
                        b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> b.append(e); // \" \\ \/
                }
            }
            throw error("unterminated string");
        }

        private Object number() {
            int start = at;
            if (s.charAt(at) == '-') at++;
            boolean integral = true;
            while (at < s.length()) {
                char c = s.charAt(at);
                if (c >= '0' && c <= '9') {
                    at++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    at++;
                } else {
                    break;
                }
            }
            String n = s.substring(start, at);
            try {
                return integral ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
            } catch (NumberFormatException e) {
                throw error("bad number '" + n + "'");
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, at)) throw error("unexpected '" + s.charAt(at) + "'");
            at += word.length();
            return value;
        }

        private boolean take(char c) {
            if (at < s.length() && s.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        void blank() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed JSON at offset " + at + ": " + what);
        }
    }
}
