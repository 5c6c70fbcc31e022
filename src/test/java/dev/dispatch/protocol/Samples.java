package dev.dispatch.protocol;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Instances of wire records for tests, with a value for every component: awkward strings (quotes,
 * escapes, control characters, non-ASCII), numbers, enums, lists, maps, nested records.
 */
public final class Samples {
    static final String AWKWARD = "quote \" back \\ slash / tab \t nl \n ctl \u0001 é 🚀";
    /** What a request path may carry (Route refuses control characters there by name): AWKWARD without them. */
    static final String AWKWARD_PRINTABLE = "quote \" back \\ slash / percent %0A é 🚀";

    private Samples() {}

    /**
     * An instance of {@code type} with a value for every component, or with {@code nulls} null wherever the
     * type allows it except the components named in {@code keep}.
     */
    public static Record sample(Class<?> type, boolean nulls, List<String> keep) {
        return sample(type, nulls, keep, List.of());
    }

    /**
     * {@link #sample(Class, boolean, List)} for a request: the components named in {@code path} travel in
     * the request path, so they are never null and hold {@link #AWKWARD_PRINTABLE}.
     */
    public static Record sampleForPath(Class<?> type, boolean nulls, List<String> path) {
        return sample(type, nulls, path, path);
    }

    private static Record sample(Class<?> type, boolean nulls, List<String> keep, List<String> path) {
        BUILDING.get().add(type);
        try {
            RecordComponent[] cs = type.getRecordComponents();
            Object[] args = new Object[cs.length];
            for (int i = 0; i < cs.length; i++) {
                String name = cs[i].getName();
                args[i] = path.contains(name) && cs[i].getType() == String.class
                        ? name + " " + AWKWARD_PRINTABLE
                        : value(cs[i].getType(), cs[i].getGenericType(), name, nulls && !keep.contains(name));
            }
            return (Record) canonical(type).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build a sample " + type.getName(), e);
        } finally {
            BUILDING.get().remove(type);
        }
    }

    /** Record types being built on this thread: a list of one of them (a tree's children) is sampled empty. */
    private static final ThreadLocal<java.util.Set<Class<?>>> BUILDING =
            ThreadLocal.withInitial(java.util.HashSet::new);

    static Constructor<?> canonical(Class<?> type) throws NoSuchMethodException {
        RecordComponent[] cs = type.getRecordComponents();
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) types[i] = cs[i].getType();
        Constructor<?> c = type.getDeclaredConstructor(types);
        c.setAccessible(true);
        return c;
    }

    private static Object value(Class<?> t, Type generic, String name, boolean nulls) {
        if (t == int.class) return 7;
        if (t == long.class) return 9_000_000_000L;
        if (t == boolean.class) return true;
        if (t == double.class || t == Double.class) return 0.625;
        if (nulls) return null;
        if (t == String.class) return name + " " + AWKWARD;
        if (t == Integer.class) return 11;
        if (t == Long.class) return 12L;
        if (t == java.time.Duration.class) return java.time.Duration.ofMillis(1500);
        if (t == Boolean.class) return Boolean.TRUE;
        if (t == Instant.class) return Instant.parse("2026-11-21T17:28:44.720Z");
        if (t.isEnum()) return t.getEnumConstants()[t.getEnumConstants().length - 1];
        if (t == List.class) {
            Type item = ((ParameterizedType) generic).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            if (BUILDING.get().contains(raw(item))) return list;
            list.add(value(raw(item), item, name + "-1", false));
            list.add(value(raw(item), item, name + "-2", false));
            return list;
        }
        if (t == Map.class) {
            Type v = ((ParameterizedType) generic).getActualTypeArguments()[1];
            return Map.of("k " + AWKWARD, value(raw(v), v, name, false));
        }
        if (t.isRecord()) return sample(t, false, List.of());
        throw new AssertionError("no sample value for " + t.getName() + " (" + name + "): teach this test the type");
    }

    private static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }
}
