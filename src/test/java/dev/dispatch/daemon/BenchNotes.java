package dev.dispatch.daemon;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Routes;

/** Gives benchmarks (another package) the test note ops served by {@link NoteDaemonMain}. */
public final class BenchNotes {
    private BenchNotes() {}

    public static Routes routes() {
        return NoteOps.ROUTES;
    }

    /** Adds a note through {@code engine}; returns its journal seq. */
    public static long add(Engine engine, String space, String agent, String text) {
        return engine.submit(new NoteOps.Add(space, agent, text)).seq();
    }
}
