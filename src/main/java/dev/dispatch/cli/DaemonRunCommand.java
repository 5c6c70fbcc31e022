package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dispatch daemon run}: the daemon in the foreground, JSON-lines log on stderr, until stopped. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the daemon in the foreground (logs JSON lines to stderr) until 'daemon stop', Ctrl-C or SIGTERM.",
            "'daemon start' runs this detached."
        })
public final class DaemonRunCommand implements Callable<Integer> {
    @Mixin
    ListenOptions listen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Dirs dirs = Cli.globals(spec).dirs();
        DaemonLog log = new DaemonLog(spec.commandLine().getErr());
        Daemon daemon = Daemon.start(dirs, listen.config(dirs), BuildInfo.version(), log);
        Thread hook = Thread.ofPlatform().unstarted(daemon::stop);
        Runtime.getRuntime().addShutdownHook(hook); // SIGTERM / Ctrl-C: the same graceful stop
        daemon.awaitStopped();
        return ExitCode.OK.code();
    }
}
