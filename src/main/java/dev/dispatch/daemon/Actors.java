package dev.dispatch.daemon;

import dev.dispatch.protocol.Op;
import java.lang.reflect.RecordComponent;

/** Reads the fields that say who acts (the route's actor field, the space) from an op record. */
final class Actors {
    private Actors() {}

    static boolean has(Class<?> opType, String field) {
        if (!opType.isRecord()) return false;
        for (RecordComponent c : opType.getRecordComponents()) if (c.getName().equals(field)) return true;
        return false;
    }

    static Object value(Op<?> op, String field) {
        for (RecordComponent c : op.getClass().getRecordComponents()) {
            if (!c.getName().equals(field)) continue;
            try {
                return c.getAccessor().invoke(op);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + field + " of " + op.getClass().getSimpleName(), e);
            }
        }
        throw new IllegalStateException(op.getClass().getSimpleName() + " has no field '" + field + "' named by its route");
    }
}
