package dev.dispatch.protocol;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a document {@link PlainJson#read(String)} parsed into a typed answer the way {@link Json#mapper()}
 * reads it, for the socket lane's text output without Jackson: records through their canonical
 * constructor, an unknown field refused (the mapper fails on unknown properties), a missing or null
 * field null for an object and 0 or false for a primitive, lists as {@link ArrayList}s, string-keyed
 * maps as {@link LinkedHashMap}s, enums by name, instants as ISO-8601 strings. Stricter than the mapper
 * in one way: no coercion between kinds (a number where a string belongs is refused, not converted),
 * which the daemon, writing with the mapper, never needs. Any other type is an
 * {@link IllegalArgumentException} naming it.
 */
final class PlainDecoder {
    /**
     * A record type's components and canonical constructor, looked up once per document: each
     * {@code getRecordComponents()} builds new component objects and parses their generic signatures again,
     * which for a list of 100 tasks was most of the decoding.
     */
    private record Shape(String[] names, Type[] types, Constructor<?> canonical) {}

    private final Map<Class<?>, Shape> shapes = new HashMap<>();

    Object decode(Object node, Type type, Where path) {
        if (type instanceof ParameterizedType p) return generic(node, p, path);
        if (!(type instanceof Class<?> c)) throw unsupported(type, path);
        if (c.isPrimitive()) return primitive(node, c, path);
        if (node == null) return null;
        if (c == String.class) return expect(node, String.class, "a string", path);
        if (c == Integer.class) return integer(node, path);
        if (c == Long.class) return expect(node, Long.class, "an integer", path);
        if (c == Double.class) return real(node, path);
        if (c == Boolean.class) return expect(node, Boolean.class, "true or false", path);
        if (c == Instant.class) return instant(node, path);
        if (c.isEnum()) return constant(node, c, path);
        // a journal event's payload record is named by its type field: Jackson's reading of it, not this
        if (c == JournalEvent.class) throw unsupported(c, path);
        if (c.isRecord()) return record(node, c, path);
        throw unsupported(type, path);
    }

    private Object generic(Object node, ParameterizedType p, Where path) {
        if (node == null) return null;
        Type[] args = p.getActualTypeArguments();
        if (p.getRawType() == List.class) {
            List<?> items = expect(node, List.class, "an array", path);
            List<Object> list = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) list.add(decode(items.get(i), args[0], new Where(path, null, i)));
            return list;
        }
        if (p.getRawType() == Map.class && args[0] == String.class) {
            Map<?, ?> fields = expect(node, Map.class, "an object", path);
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : fields.entrySet()) {
                map.put((String) e.getKey(), decode(e.getValue(), args[1], new Where(path, (String) e.getKey(), -1)));
            }
            return map;
        }
        throw unsupported(p, path);
    }

    private Object record(Object node, Class<?> type, Where path) {
        Map<?, ?> fields = expect(node, Map.class, "an object", path);
        Shape shape = shape(type, path);
        String[] names = shape.names();
        for (Object name : fields.keySet()) {
            if (!known(names, name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' at " + path + " for "
                        + type.getSimpleName() + " (the wire's mapper refuses unknown fields)");
            }
        }
        Object[] args = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            args[i] = decode(fields.get(names[i]), shape.types()[i], new Where(path, names[i], -1));
        }
        try {
            return shape.canonical().newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "cannot build " + type.getSimpleName() + " at " + path + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + type.getName() + " at " + path, e);
        }
    }

    private static boolean known(String[] names, Object name) {
        for (String n : names) if (n.equals(name)) return true;
        return false;
    }

    private Shape shape(Class<?> type, Where path) {
        Shape shape = shapes.get(type);
        if (shape != null) return shape;
        RecordComponent[] cs = type.getRecordComponents();
        String[] names = new String[cs.length];
        Type[] types = new Type[cs.length];
        Class<?>[] raw = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            names[i] = cs[i].getName();
            types[i] = cs[i].getGenericType();
            raw[i] = cs[i].getType();
        }
        Constructor<?> c;
        try {
            c = type.getDeclaredConstructor(raw);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    "cannot build " + type.getName() + " at " + path + ": no canonical constructor", e);
        }
        // a package-private answer record, as tests and embedders declare
        if (!Modifier.isPublic(type.getModifiers()) || !Modifier.isPublic(c.getModifiers())) c.setAccessible(true);
        shape = new Shape(names, types, c);
        shapes.put(type, shape);
        return shape;
    }

    /** A primitive: absent or null is its zero, as the mapper reads it (nulls for primitives allowed). */
    private static Object primitive(Object node, Class<?> c, Where path) {
        if (c == int.class) return node == null ? 0 : integer(node, path);
        if (c == long.class) return node == null ? 0L : expect(node, Long.class, "an integer", path);
        if (c == double.class) return node == null ? 0.0 : real(node, path);
        if (c == boolean.class)
            return node == null ? Boolean.FALSE : expect(node, Boolean.class, "true or false", path);
        throw unsupported(c, path);
    }

    private static Integer integer(Object node, Where path) {
        long v = expect(node, Long.class, "an integer", path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected an int at " + path + ", got " + v + " (out of range)");
        }
        return (int) v;
    }

    private static Double real(Object node, Where path) {
        if (node instanceof Long l) return l.doubleValue();
        return expect(node, Double.class, "a number", path);
    }

    private static Instant instant(Object node, Where path) {
        String s = expect(node, String.class, "an ISO-8601 time", path);
        try {
            return DaemonInfo.instant(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected an ISO-8601 time at " + path + ", got \"" + s + "\"", e);
        }
    }

    private static Object constant(Object node, Class<?> type, Where path) {
        if (!(node instanceof String name)) {
            throw new IllegalArgumentException(
                    "expected a " + type.getSimpleName() + " name at " + path + ", got " + describe(node));
        }
        for (Object c : type.getEnumConstants()) if (((Enum<?>) c).name().equals(name)) return c;
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " \"" + name + "\" at " + path);
    }

    private static <T> T expect(Object node, Class<T> kind, String what, Where path) {
        if (kind.isInstance(node)) return kind.cast(node);
        throw new IllegalArgumentException("expected " + what + " at " + path + ", got " + describe(node));
    }

    private static String describe(Object node) {
        if (node == null) return "null";
        if (node instanceof String s) return "\"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
        if (node instanceof Map) return "an object";
        if (node instanceof List) return "an array";
        return node.toString();
    }

    /**
     * Where a value sits in the document, for error messages ({@code $.tasks[3].priority}); built as a chain
     * and spelled out only on an error: a string concatenation per field cost a list of 100 tasks ~3 ms
     * in the interpreter.
     */
    record Where(Where parent, String field, int index) {
        static final Where ROOT = new Where(null, null, -1);

        @Override
        public String toString() {
            if (parent == null) return "$";
            return parent + (field == null ? "[" + index + "]" : "." + field);
        }
    }

    private static IllegalArgumentException unsupported(Type type, Where path) {
        return new IllegalArgumentException("plain JSON does not read " + type.getTypeName() + " (at " + path
                + "); only records, lists, string-keyed maps, enums, instants, strings, numbers and booleans");
    }
}
