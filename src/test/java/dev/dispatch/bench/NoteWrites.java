package dev.dispatch.bench;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.daemon.BenchNotes;
import dev.dispatch.protocol.Routes;

/** Bench writes on the test {@code NoteDaemonMain}: one note per event. */
public final class NoteWrites implements DaemonSseBench.Writes {
    @Override
    public Routes routes() {
        return BenchNotes.routes();
    }

    @Override
    public long write(RemoteEngine engine, int i) {
        return BenchNotes.add(engine, "bench", "agt_bench", "event " + i);
    }
}
