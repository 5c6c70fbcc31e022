package dev.dispatch.daemon;

import dev.dispatch.config.Dirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A real daemon process serving a {@link NoteEngine} (for kill -9 tests before the coordination ops
 * exist): {@code java -cp … dev.dispatch.daemon.NoteDaemonMain DISPATCH_HOME}. Socket only, no port.
 */
public final class NoteDaemonMain {
    private NoteDaemonMain() {}

    public static void main(String[] args) {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", Path.of(args[0]).toString()));
        NoteEngine engine = new NoteEngine(dirs.data());
        ServerConfig cfg = new ServerConfig(dirs.socket(), ServerConfig.NO_PORT, ServerConfig.Limits.defaults());
        @SuppressWarnings("resource") // the daemon's log lives as long as the process
        PrintWriter err = new PrintWriter(System.err, true);
        Daemon d = Daemon.serve(
                dirs,
                cfg,
                "test",
                new DaemonLog(err),
                engine.backend(t -> Optional.ofNullable(TestDaemon.AGENTS.get(t))),
                engine);
        d.awaitStopped();
    }
}
