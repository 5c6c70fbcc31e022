package dev.dispatch.tui;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Op;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Submits ops off the UI thread and hands the answer back to it. The UI thread never waits on the
 * engine (which may be a daemon across a socket): results and failures come back as tasks the UI
 * thread runs between frames.
 */
final class EngineCalls {
    private final Engine engine;
    private final Executor executor;
    private final Consumer<Runnable> toUi;

    EngineCalls(Engine engine, Executor executor, Consumer<Runnable> toUi) {
        this.engine = engine;
        this.executor = executor;
        this.toUi = toUi;
    }

    <R> void call(Op<R> op, Consumer<R> ok, Consumer<String> fail) {
        callOrCode(op, ok, (code, why) -> fail.accept(why));
    }

    /** {@link #call} whose failure also names the engine's error code (null for a failure of no code). */
    <R> void callOrCode(Op<R> op, Consumer<R> ok, java.util.function.BiConsumer<ErrorCode, String> fail) {
        executor.execute(() -> {
            try {
                R r = engine.submit(op);
                toUi.accept(() -> ok.accept(r));
            } catch (EngineException e) {
                toUi.accept(() -> fail.accept(e.code(), e.getMessage()));
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                toUi.accept(() -> fail.accept(null, msg));
            }
        });
    }

    /** Like {@link #call}, but a not-found answer goes to {@code gone} (the agent or session no longer exists). */
    <R> void call(Op<R> op, Consumer<R> ok, Consumer<String> fail, Consumer<String> gone) {
        executor.execute(() -> {
            try {
                R r = engine.submit(op);
                toUi.accept(() -> ok.accept(r));
            } catch (EngineException e) {
                if (e.code() == dev.dispatch.protocol.ErrorCode.NOT_FOUND)
                    toUi.accept(() -> gone.accept(e.getMessage()));
                else toUi.accept(() -> fail.accept(e.getMessage()));
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                toUi.accept(() -> fail.accept(msg));
            }
        });
    }

    void describe(Consumer<String> ok) {
        executor.execute(() -> {
            String where;
            try {
                where = engine.describe();
            } catch (RuntimeException e) {
                where = "engine: unknown";
            }
            String w = where;
            toUi.accept(() -> ok.accept(w));
        });
    }
}
