package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.config.ValueType;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.Lifetime;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch daemon run}: the daemon in the foreground, JSON-lines log on stderr, until stopped (or,
 * with {@code --idle-exit}, until it has had nothing to do for that long: how auto-started daemons run).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the daemon in the foreground (logs JSON lines to stderr) until 'daemon stop', Ctrl-C or SIGTERM.",
            "'daemon start' runs this detached; a one-shot command that finds no owner runs it with --idle-exit",
            "(setting daemon.autostart, docs/owner.md)."
        })
public final class DaemonRunCommand implements Callable<Integer> {
    @Mixin
    ListenOptions listen;

    @Option(
            names = "--idle-exit",
            paramLabel = "DURATION",
            description =
                    "Exit after this long with no request, event stream or running agent (e.g. 10m; default: never).")
    String idleExit;

    /** Set by the one-shots' auto-start (cli/AutoStart), for 'daemon status'. */
    @Option(
            names = "--autostarted",
            hidden = true,
            description = "Set by the one-shots' auto-start: daemon status then says so.")
    boolean autostarted;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Dirs dirs = Cli.globals(spec).dirs();
        Lifetime lifetime = lifetime();
        DaemonLog log = new DaemonLog(spec.commandLine().getErr());
        Daemon daemon = Daemon.start(dirs, listen.config(dirs), BuildInfo.version(), log, lifetime);
        Thread hook = Thread.ofPlatform().unstarted(daemon::stop);
        Runtime.getRuntime().addShutdownHook(hook); // SIGTERM / Ctrl-C: the same graceful stop
        daemon.awaitStopped();
        return ExitCode.OK.code();
    }

    private Lifetime lifetime() {
        if (idleExit == null) return new Lifetime(null, autostarted);
        Duration d;
        try {
            d = (Duration) ValueType.DURATION.parse(idleExit);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--idle-exit: " + e.getMessage());
        }
        if (d.toMillis() < 1000) {
            throw new CliException(ExitCode.USAGE, "--idle-exit must be at least 1s, got '" + idleExit + "'");
        }
        return new Lifetime(d, autostarted);
    }
}
