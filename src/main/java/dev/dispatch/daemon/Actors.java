package dev.dispatch.daemon;

import dev.dispatch.protocol.Op;
import java.lang.reflect.RecordComponent;

/** Reads the acting-agent field a route names from an op record. */
final class Actors {
    private Actors() {}

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
