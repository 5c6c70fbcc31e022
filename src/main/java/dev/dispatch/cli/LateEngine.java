package dev.dispatch.cli;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An engine still being opened on a thread of its own, so that a face paints its first frame and takes
 * keys while the store, the provider client and the session's socket are wired (issue 19: the workbench
 * to its first prompt). Ops wait for the engine (a face submits them off its UI thread), subscriptions
 * made before it is ready attach to it before any op passes, and a failure to open is what every op then
 * throws, and what {@link #ready} completes with, so the face can leave and the command report it.
 */
final class LateEngine implements Engine {
    private final CompletableFuture<Engine> engine = new CompletableFuture<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final List<Late> waiting = new ArrayList<>();
    private volatile boolean early;

    private LateEngine() {}

    /**
     * Opens the engine with {@code open} on a new thread, then asks {@code session} (on that thread too)
     * for the recorded session to resume, which {@link #ready} completes with (null: a new conversation).
     */
    static LateEngine open(Supplier<Engine> open, Function<Engine, String> session) {
        LateEngine late = new LateEngine();
        Thread.ofPlatform().daemon().name("dispatch-engine-open").start(() -> late.wire(open, session));
        return late;
    }

    private void wire(Supplier<Engine> open, Function<Engine, String> session) {
        Engine e;
        try {
            e = open.get();
        } catch (RuntimeException | Error failure) {
            engine.completeExceptionally(failure);
            ready.completeExceptionally(failure);
            return;
        }
        synchronized (this) {
            for (Late s : waiting) s.attach(e);
            waiting.clear();
            engine.complete(e);
        }
        dev.dispatch.tui.StartupTrace.mark("engine open");
        try {
            ready.complete(session.apply(e));
        } catch (RuntimeException failure) {
            ready.completeExceptionally(failure);
        }
    }

    /** Completes with the session to resume (or null) once the engine is wired; fails with why it was not. */
    CompletionStage<String> ready() {
        return ready;
    }

    /** Waits for the engine and rethrows what stopped it opening (or the session lookup), as the command's error. */
    void requireOpened() {
        try {
            ready.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }

    private Engine engine() {
        try {
            return engine.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }

    @Override
    public <R> R submit(Op<R> op) {
        return engine().submit(op);
    }

    @Override
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        synchronized (this) {
            if (!engine.isDone()) {
                Late s = new Late(filter, sink);
                waiting.add(s);
                return s;
            }
        }
        return engine().subscribe(filter, sink);
    }

    /**
     * Makes {@link #describe} answer "starting…" while the engine is opened instead of waiting for it: for
     * a face that names the engine on its UI thread before the first prompt (chat's greeting line).
     */
    LateEngine describingEarly() {
        early = true;
        return this;
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> opened() {
        return engine.thenApply(e -> null);
    }

    @Override
    public String describe() {
        if (early && !engine.isDone()) return "starting…";
        return engine().describe();
    }

    /** Waits for the opening to end (an engine opened after close would keep the store), then closes it. */
    @Override
    public void close() {
        Engine e;
        try {
            e = engine.join();
        } catch (CompletionException failed) {
            return; // nothing was opened
        }
        e.close();
    }

    /** A subscription made before the engine was ready: it attaches when the engine is. */
    private final class Late implements Subscription {
        private final EventFilter filter;
        private final Consumer<Event> sink;
        private Subscription real;
        private boolean closed;

        Late(EventFilter filter, Consumer<Event> sink) {
            this.filter = filter;
            this.sink = sink;
        }

        void attach(Engine e) {
            synchronized (LateEngine.this) {
                if (!closed) real = e.subscribe(filter, sink);
            }
        }

        @Override
        public void close() {
            synchronized (LateEngine.this) {
                closed = true;
                waiting.remove(this);
                if (real != null) real.close();
            }
        }
    }
}
