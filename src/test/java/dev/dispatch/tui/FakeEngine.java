package dev.dispatch.tui;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Subscription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A scriptable engine for face tests: records every submitted op, answers the ones a test scripted
 * (everything else fails like an engine without that handler), and lets the test push events to
 * subscribers as the agent loop would.
 */
final class FakeEngine implements Engine {
    final List<Op<?>> submitted = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, Function<Object, Object>> answers = new HashMap<>();
    private final List<Consumer<Event>> sinks = new CopyOnWriteArrayList<>();
    String where = "in-process (test)";
    boolean closed;

    @SuppressWarnings("unchecked")
    <O extends Op<R>, R> FakeEngine on(Class<O> type, Function<O, R> answer) {
        answers.put(type, o -> answer.apply((O) o));
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R submit(Op<R> op) {
        submitted.add(op);
        Function<Object, Object> a = answers.get(op.getClass());
        if (a == null)
            throw new EngineException(
                    ErrorCode.INTERNAL, "no handler for " + op.getClass().getSimpleName());
        return (R) a.apply(op);
    }

    @Override
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    void push(Event... events) {
        for (Event e : events) for (Consumer<Event> s : sinks) s.accept(e);
    }

    @SuppressWarnings("unchecked")
    <O> List<O> submitted(Class<O> type) {
        return submitted.stream().filter(type::isInstance).map(o -> (O) o).toList();
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        closed = true;
    }
}
