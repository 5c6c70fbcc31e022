package dev.dispatch.daemon;

import dev.dispatch.protocol.Op;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the fields that say who acts (the route's actor field, the space) from an op record. The
 * accessors are looked up once per op type (every request reads them, so no reflection per request).
 */
final class Actors {
    private static final ClassValue<Map<String, MethodHandle>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            Map<String, MethodHandle> m = new HashMap<>();
            if (!type.isRecord()) return m;
            for (RecordComponent c : type.getRecordComponents()) {
                try {
                    java.lang.reflect.Method accessor = c.getAccessor();
                    accessor.setAccessible(true); // ops of tests and embedders may be package-private records
                    m.put(
                            c.getName(),
                            MethodHandles.lookup()
                                    .unreflect(accessor)
                                    .asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + type.getSimpleName(), e);
                }
            }
            return Map.copyOf(m);
        }
    };

    private Actors() {}

    static boolean has(Class<?> opType, String field) {
        return ACCESSORS.get(opType).containsKey(field);
    }

    static Object value(Op<?> op, String field) {
        MethodHandle h = ACCESSORS.get(op.getClass()).get(field);
        if (h == null) {
            throw new IllegalStateException(
                    op.getClass().getSimpleName() + " has no field '" + field + "' named by its route");
        }
        try {
            return h.invoke((Object) op);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(
                    "cannot read " + field + " of " + op.getClass().getSimpleName(), t);
        }
    }
}
