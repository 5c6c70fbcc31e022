package dev.dispatch.cli;

import dev.dispatch.app.Engines;
import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one place commands get an {@link Engine}: every face then behaves the same whichever engine it
 * got. Long-lived faces (workbench, chat, run) attach to a running daemon, else host the engine
 * in-process as the store's owner. One-shot commands send their op to the live owner when one answers on the socket
 * (a daemon: same output and exit codes, no store to open); with none, they start one in the background
 * ({@link AutoStart}, docs/owner.md) unless told not to, and otherwise open the store for the op.
 */
final class EngineAccess {
    private EngineAccess() {}

    /**
     * For a long-lived face ({@code kind}: workbench, chat, run): the running daemon when one answers
     * (the face says it attached), else an in-process engine that owns the store while it runs.
     */
    static Engine open(CommandSpec spec, String kind) {
        Dirs dirs = Cli.globals(spec).dirs();
        Map<String, String> env = Environment.current().vars();
        return Daemons.find(dirs, env).<Engine>map(e -> e).orElseGet(() -> Engines.owner(dirs, env, kind));
    }

    /**
     * For a one-shot command: the live owner when one answers; else, unless auto-start is off
     * ({@code --no-daemon}, {@code DISPATCH_NO_DAEMON=1}, {@code daemon.autostart: false}), an owner started
     * now in the background ({@link AutoStart}); else the store opened in-process for this one op.
     */
    static Engine oneShot(CommandSpec spec) {
        GlobalOptions globals = Cli.globals(spec);
        Dirs dirs = globals.dirs();
        Map<String, String> env = Environment.current().vars();
        Optional<RemoteEngine> owner = Daemons.find(dirs, env);
        if (owner.isEmpty())
            owner = AutoStart.owner(globals, dirs, env, spec.commandLine().getErr());
        return owner.<Engine>map(e -> e).orElseGet(() -> Engines.local(dirs, env));
    }
}
