package dev.dispatch.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks a request body's JSON types against the op's record before Jackson binds it, so a caller who
 * sends {@code "priority":"high"} reads {@code 'priority' must be an integer, got "high"} rather than
 * Jackson's words (which name Java classes such as {@code java.lang.Integer}). What still fails inside
 * Jackson (query values, nested shapes) is translated by {@link #refusal} into the same words, by the
 * field's JSON path; no message names a Java type or carries a stack trace.
 */
final class BodyTypes {
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private BodyTypes() {}

    /**
     * Refuses the first field of {@code body} whose JSON type the op's component of that name does not
     * take. Body numbers are counts, sizes, durations, cursors or tokens: none may be negative.
     */
    static void check(Route route, JsonNode body) {
        Class<?> op = route.op();
        if (!op.isRecord()) return;
        List<String> known = new ArrayList<>();
        for (RecordComponent c : op.getRecordComponents()) known.add(c.getName());
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            RecordComponent c = component(op, e.getKey());
            if (c == null) throw unknown(route, e.getKey(), known);
            value(e.getKey(), c.getGenericType(), e.getValue());
        }
    }

    /**
     * Refuses a body that leaves out a whole-number field the op cannot do without: Java would read
     * the absence as 0 (a fencing token of 0, a lifetime of 0 seconds), which the caller never meant.
     */
    static void requirePrimitives(Route route, JsonNode fields) {
        Class<?> op = route.op();
        if (!op.isRecord()) return;
        for (RecordComponent c : op.getRecordComponents()) {
            Class<?> t = c.getType();
            if ((t == int.class || t == long.class) && !fields.has(c.getName()))
                throw EngineException.invalid("'" + c.getName() + "' is required: " + describe(t));
        }
    }

    private static void value(String path, Type type, JsonNode v) {
        Class<?> raw = raw(type);
        if (v.isNull()) {
            if (raw.isPrimitive()) throw wrong(path, type, v);
            return;
        }
        if (raw == String.class) {
            if (!v.isTextual()) throw wrong(path, type, v);
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            if (!v.isIntegralNumber()) throw wrong(path, type, v);
            BigInteger n = v.bigIntegerValue();
            if (n.signum() < 0) throw EngineException.invalid("'" + path + "' must be 0 or more, got " + show(v));
            BigInteger max = raw == Integer.class || raw == int.class ? INT_MAX : LONG_MAX;
            if (n.compareTo(max) > 0)
                throw EngineException.invalid("'" + path + "' must be at most " + max + ", got " + show(v));
        } else if (raw == Boolean.class || raw == boolean.class) {
            if (!v.isBoolean()) throw wrong(path, type, v);
        } else if (raw.isEnum()) {
            if (!v.isTextual() || constant(raw, v.textValue()) == null) throw wrong(path, type, v);
        } else if (Collection.class.isAssignableFrom(raw)) {
            if (!v.isArray()) throw wrong(path, type, v);
            Type element = element(type);
            for (int i = 0; i < v.size(); i++) value(path + "[" + i + "]", element, v.get(i));
        } else if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
            if (!v.isObject()) throw wrong(path, type, v);
        }
    }

    /**
     * Jackson's refusal of {@code route}'s fields in the API's words: the field by its JSON path and
     * the expected type; a value the op's own checks refuse keeps that check's message.
     */
    static EngineException refusal(Route route, JsonProcessingException e) {
        if (e instanceof ValueInstantiationException vi) {
            for (Throwable t = vi.getCause(); t != null; t = t.getCause()) {
                if (t instanceof EngineException ee) return ee;
            }
            return EngineException.invalid("the fields of " + route + " do not fit together; check their values");
        }
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            for (Object k : u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds())
                known.add(k.toString());
            return unknown(route, path(u), known);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String path = path(m);
            String got =
                    e instanceof InvalidFormatException f && f.getValue() != null ? " got " + show(f.getValue()) : "";
            return EngineException.invalid(
                    "'" + path + "' must be " + describe(m.getTargetType()) + (got.isEmpty() ? "" : "," + got));
        }
        String path = e instanceof JsonMappingException jm ? path(jm) : "";
        return EngineException.invalid("bad request for " + route + (path.isEmpty() ? "" : ": check '" + path + "'"));
    }

    /**
     * Why a body is not JSON, without the parser's Java names: the nesting limit in words, else the
     * parser's first line with its {@code `Class.method()`} references dropped.
     */
    static String parseProblem(java.io.IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) return "malformed input";
        if (m.contains("nesting depth")) return "nesting depth over the limit of " + Json.MAX_DEPTH + " levels";
        int nl = m.indexOf('\n');
        String line = (nl < 0 ? m : m.substring(0, nl))
                .replaceAll(",? *(from )?`[^`]*`", "")
                .replaceAll("\\(\\s*\\)", "")
                .strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** {@code a.b[2]}: the JSON path Jackson was reading. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static EngineException unknown(Route route, String field, List<String> known) {
        return EngineException.invalid("unknown field '" + field + "' in " + route + "; known fields: "
                + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
    }

    private static EngineException wrong(String path, Type type, JsonNode v) {
        return EngineException.invalid("'" + path + "' must be " + describe(type) + ", got " + show(v));
    }

    /** What a value of {@code type} is, in JSON's words. */
    static String describe(Type type) {
        Class<?> raw = raw(type);
        if (raw == String.class || raw == char.class || raw == Character.class) return "a string";
        if (raw == Integer.class
                || raw == int.class
                || raw == Long.class
                || raw == long.class
                || raw == Short.class
                || raw == short.class) return "an integer";
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) return "a number";
        if (raw == Boolean.class || raw == boolean.class) return "true or false";
        if (raw.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object k : raw.getEnumConstants()) names.add(((Enum<?>) k).name());
            return "one of " + String.join(", ", names);
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            Type element = element(type);
            return element == Object.class ? "a list" : "a list of " + plural(describe(element));
        }
        return "an object";
    }

    private static String plural(String one) {
        return switch (one) {
            case "a string" -> "strings";
            case "an integer" -> "integers";
            case "a number" -> "numbers";
            case "an object" -> "objects";
            default -> "values (" + one + ")";
        };
    }

    /** A value as the caller sent it, shortened. */
    private static String show(Object v) {
        String s;
        if (v instanceof JsonNode n) s = n.toString();
        else if (v instanceof String str)
            s = Json.mapper().getNodeFactory().textNode(str).toString();
        else s = String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static Object constant(Class<?> type, String name) {
        for (Object k : type.getEnumConstants()) if (((Enum<?>) k).name().equals(name)) return k;
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) return c;
        return Object.class;
    }

    private static Type element(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1)
            return p.getActualTypeArguments()[0];
        if (type instanceof Class<?> c && c.isArray()) return c.getComponentType();
        return Object.class;
    }

    private static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) if (c.getName().equals(name)) return c;
        return null;
    }
}
