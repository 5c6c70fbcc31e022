package dev.dispatch.cli;

import dev.dispatch.app.Engines;
import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import java.util.Map;

/**
 * How a one-shot command gets its engine: the live owner over its socket when one answers (same
 * output and exit codes, ~ms per op), else the store opened in this process for the one op.
 */
public final class EngineSource {
    private EngineSource() {}

    public static Engine open(Dirs dirs) {
        return open(dirs, System.getenv());
    }

    static Engine open(Dirs dirs, Map<String, String> env) {
        return Daemons.find(dirs, env).<Engine>map(e -> e).orElseGet(() -> Engines.local(dirs));
    }
}
