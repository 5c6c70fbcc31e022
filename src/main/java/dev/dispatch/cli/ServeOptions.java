package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.SessionServer;
import dev.dispatch.protocol.Engine;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --no-serve} for the long-lived faces (workbench, chat, run), and how they get their engine
 * (ARCHITECTURE.md §1): attach to the live owner when one answers on the socket; otherwise host the
 * engine in-process and serve the same socket for the session's lifetime, so one-shot commands and
 * agents in other shells still go through it. With {@code --no-serve}, or when another data dir's owner
 * already serves the shared runtime dir's socket, the session owns the store without serving it.
 */
public final class ServeOptions {
    private static final String NO_SERVE_DOC = "Host the engine without serving the Unix socket: commands from other"
            + " shells then wait for the store or fail with 'in use by pid N' while this session runs.";

    @Option(names = "--no-serve", description = NO_SERVE_DOC)
    boolean noServe;

    /**
     * The same option as a programmatic mixin, for the root command, whose model reads no annotations
     * (see {@link DispatchCommand#model}).
     */
    CommandSpec mixin() {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(GlobalOptions.flag("--no-serve", NO_SERVE_DOC, ScopeType.LOCAL, new GlobalOptions.Cell() {
            @Override
            boolean get() {
                return noServe;
            }

            @Override
            void set(boolean value) {
                noServe = value;
            }
        }));
        return mixin;
    }

    Engine open(CommandSpec spec, String kind) {
        if (noServe) return EngineAccess.open(spec, kind);
        Dirs dirs = Cli.globals(spec).dirs();
        Map<String, String> env = Environment.current().vars();
        Optional<RemoteEngine> owner = Daemons.find(dirs, env);
        if (owner.isPresent()) return owner.get();
        String conflict = SessionServer.conflict(dirs);
        if (conflict != null) {
            spec.commandLine()
                    .getErr()
                    .println("dispatch: not serving the socket (" + conflict + "); other commands"
                            + " will wait for the store while this session runs");
            spec.commandLine().getErr().flush();
            return EngineAccess.open(spec, kind);
        }
        return SessionServer.host(dirs, env, kind, BuildInfo.version(), DaemonCommand.logFile(dirs));
    }
}
