package dev.dispatch.protocol;

import java.util.function.Consumer;

/**
 * The port between faces (TUI, CLI, daemon routes) and everything stateful. Two implementations:
 * in-process ({@code app.LocalEngine}) and remote over the daemon's socket ({@code client}). Every
 * face submits {@link Op}s and renders {@link Event}s; none touches the store directly.
 */
public interface Engine extends AutoCloseable {
    /** Runs {@code op} and returns its answer; failures are {@link EngineException}s. */
    <R> R submit(Op<R> op);

    /** Delivers matching events to {@code sink} until the subscription is closed. */
    Subscription subscribe(EventFilter filter, Consumer<Event> sink);

    /** Where this engine lives, for display: "in-process" or "daemon pid 123 (socket …)". */
    String describe();

    /**
     * Completes when ops can run without waiting for the engine to open: at once for an engine that is
     * open when made, later for one a face paints before ({@code cli.LateEngine}); exceptionally when the
     * opening failed.
     */
    default java.util.concurrent.CompletionStage<Void> opened() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    void close();
}
