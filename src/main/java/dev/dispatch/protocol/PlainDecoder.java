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
    /** Canonical constructors and components met so far: a list of records asks for them once. */
    private final Map<Class<?>, Constructor<?>> constructors = new HashMap<>();

    Object decode(Object node, Type type, String path) {
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
        if (c.isRecord()) return record(node, c, path);
        throw unsupported(type, path);
    }

    private Object generic(Object node, ParameterizedType p, String path) {
        if (node == null) return null;
        Type[] args = p.getActualTypeArguments();
        if (p.getRawType() == List.class) {
            List<?> items = expect(node, List.class, "an array", path);
            List<Object> list = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) list.add(decode(items.get(i), args[0], path + "[" + i + "]"));
            return list;
        }
        if (p.getRawType() == Map.class && args[0] == String.class) {
            Map<?, ?> fields = expect(node, Map.class, "an object", path);
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : fields.entrySet()) {
                map.put((String) e.getKey(), decode(e.getValue(), args[1], path + "." + e.getKey()));
            }
            return map;
        }
        throw unsupported(p, path);
    }

    private Object record(Object node, Class<?> type, String path) {
        Map<?, ?> fields = expect(node, Map.class, "an object", path);
        RecordComponent[] cs = type.getRecordComponents();
        for (Object name : fields.keySet()) {
            if (!component(cs, name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' at " + path + " for "
                        + type.getSimpleName() + " (the wire's mapper refuses unknown fields)");
            }
        }
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            args[i] = decode(fields.get(cs[i].getName()), cs[i].getGenericType(), path + "." + cs[i].getName());
        }
        try {
            return canonical(type, cs).newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("cannot build " + type.getSimpleName() + " at " + path + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + type.getName() + " at " + path, e);
        }
    }

    private static boolean component(RecordComponent[] cs, Object name) {
        for (RecordComponent c : cs) if (c.getName().equals(name)) return true;
        return false;
    }

    private Constructor<?> canonical(Class<?> type, RecordComponent[] cs) throws NoSuchMethodException {
        Constructor<?> c = constructors.get(type);
        if (c != null) return c;
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) types[i] = cs[i].getType();
        c = type.getDeclaredConstructor(types);
        // a package-private answer record, as tests and embedders declare
        if (!Modifier.isPublic(type.getModifiers()) || !Modifier.isPublic(c.getModifiers())) c.setAccessible(true);
        constructors.put(type, c);
        return c;
    }

    /** A primitive: absent or null is its zero, as the mapper reads it (nulls for primitives allowed). */
    private static Object primitive(Object node, Class<?> c, String path) {
        if (c == int.class) return node == null ? 0 : integer(node, path);
        if (c == long.class) return node == null ? 0L : expect(node, Long.class, "an integer", path);
        if (c == double.class) return node == null ? 0.0 : real(node, path);
        if (c == boolean.class) return node == null ? Boolean.FALSE : expect(node, Boolean.class, "true or false", path);
        throw unsupported(c, path);
    }

    private static Integer integer(Object node, String path) {
        long v = expect(node, Long.class, "an integer", path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected an int at " + path + ", got " + v + " (out of range)");
        }
        return (int) v;
    }

    private static Double real(Object node, String path) {
        if (node instanceof Long l) return l.doubleValue();
        return expect(node, Double.class, "a number", path);
    }

    private static Instant instant(Object node, String path) {
        String s = expect(node, String.class, "an ISO-8601 time", path);
        try {
            return DaemonInfo.instant(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected an ISO-8601 time at " + path + ", got \"" + s + "\"", e);
        }
    }

    private static Object constant(Object node, Class<?> type, String path) {
        String name = expect(node, String.class, "a " + type.getSimpleName() + " name", path);
        for (Object c : type.getEnumConstants()) if (((Enum<?>) c).name().equals(name)) return c;
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " \"" + name + "\" at " + path);
    }

    private static <T> T expect(Object node, Class<T> kind, String what, String path) {
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

    private static IllegalArgumentException unsupported(Type type, String path) {
        return new IllegalArgumentException("plain JSON does not read " + type.getTypeName() + " (at " + path
                + "); only records, lists, string-keyed maps, enums, instants, strings, numbers and booleans");
    }
}
