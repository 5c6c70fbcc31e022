package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch daemon start}: spawns {@code daemon run} detached ({@link DaemonSpawn}: same JVM binary and
 * classpath as auto-started daemons), output to {@code daemon.log} in the state dir, and waits until it answers
 * {@code /v1/health}. It runs until stopped: no idle exit, unlike an auto-started one.
 */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {"Start the daemon in the background; prints its pid, socket and port once it is healthy."})
public final class DaemonStartCommand implements Callable<Integer> {
    @Mixin
    ListenOptions listen;

    @Mixin
    JsonMixin json;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "20",
            description = "How long to wait for the daemon to become healthy (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Dirs dirs = Cli.globals(spec).dirs();
        listen.port(dirs); // validate before spawning anything
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        // the start lock: an auto-start or an auto-started daemon's exit in progress finishes first
        try (DaemonSpawn.StartLock lock = DaemonSpawn.lock(dirs, timeout, () -> false)
                .orElseThrow(() -> new CliException(
                        ExitCode.ERROR,
                        "another process kept starting or stopping a daemon for " + timeoutSeconds + " s ("
                                + dirs.runtime().resolve(DaemonInfo.START_LOCK) + "); try again"))) {
            DaemonInfo running = DaemonInfo.read(dirs.runtime());
            // a daemon a one-shot command started for itself gives way to the one asked for here (which stays
            // up and listens as told): the store stays owned by one process throughout, under the start lock
            if (running != null
                    && running.alive()
                    && running.byDaemon()
                    && replaceAutostarted(dirs, running, timeout)) {
                running = null;
            }
            if (running != null && running.alive()) {
                String how = running.byDaemon() ? "'dispatch daemon stop' first" : "end that session first";
                throw new CliException(
                        ExitCode.ERROR,
                        "a " + running.describeKind() + " is already running (pid " + running.pid() + ", socket "
                                + running.socket() + "); " + how);
            }
            Path logFile = DaemonCommand.logFile(dirs);
            long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
            Process p = DaemonSpawn.spawn(dirs, logFile, listen.args());
            try {
                print(DaemonSpawn.awaitHealthy(dirs, p, listen.socket(dirs), timeout, logFile, offset));
            } catch (DaemonSpawn.Failed e) {
                throw new CliException(ExitCode.ERROR, e.getMessage());
            }
            return ExitCode.OK.code();
        }
    }

    /** Stops an auto-started daemon and answers true; false (changing nothing) when it is not one. */
    private boolean replaceAutostarted(Dirs dirs, DaemonInfo running, Duration timeout) throws InterruptedException {
        try (dev.dispatch.client.RemoteEngine engine =
                dev.dispatch.client.Daemons.find(dirs, java.util.Map.of()).orElse(null)) {
            if (engine == null
                    || !engine.submit(new dev.dispatch.protocol.DaemonOps.Status())
                            .autostarted()) return false;
            engine.submit(new dev.dispatch.protocol.DaemonOps.Stop());
        } catch (dev.dispatch.protocol.EngineException e) {
            return false;
        }
        var proc = ProcessHandle.of(running.pid());
        if (proc.isPresent()) {
            try {
                proc.get().onExit().get(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new CliException(
                        ExitCode.ERROR,
                        "the auto-started daemon (pid " + running.pid() + ") did not stop within " + timeout.toSeconds()
                                + " s; see 'dispatch daemon logs'");
            }
        }
        spec.commandLine()
                .getErr()
                .println("dispatch: replaced the daemon a command had started (pid " + running.pid()
                        + ", it would have left when idle) with one that stays up");
        return true;
    }

    private void print(DaemonInfo info) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            out.println(Json.mapper().writeValueAsString(info));
        } else {
            out.println("daemon started: pid " + info.pid() + ", socket " + info.socket() + ", port "
                    + (info.port() == 0 ? "none" : info.port()));
        }
        out.flush();
    }
}
