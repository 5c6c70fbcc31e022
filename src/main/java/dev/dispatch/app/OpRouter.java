package dev.dispatch.app;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Op;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps each {@link Op} record type to the service method that answers it. Domain modules
 * ({@code CoordModule}, {@code AgentModule}, …) register their handlers; nothing is discovered by
 * reflection, so the table is the whole truth about what the engine can do.
 */
public final class OpRouter {
    private final Map<Class<?>, Function<Object, Object>> handlers = new HashMap<>();

    @SuppressWarnings("unchecked")
    public <O extends Op<R>, R> OpRouter on(Class<O> type, Function<? super O, ? extends R> handler) {
        if (handlers.putIfAbsent(type, o -> handler.apply((O) o)) != null) {
            throw new IllegalStateException("two handlers for " + type.getSimpleName());
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    public <R> R route(Op<R> op) {
        Function<Object, Object> h = handlers.get(op.getClass());
        if (h == null) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "no handler for " + op.getClass().getSimpleName());
        }
        return (R) h.apply(op);
    }

    public boolean handles(Class<?> type) {
        return handlers.containsKey(type);
    }
}
