package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A one-shot command that finds no owner starts one in the background, as Gradle and mvnd do (docs/owner.md):
 * an in-process one-shot opens the store and its engine on every call (~150-450 ms, over a second on a busy
 * machine) and takes its turn on the store's lock, where a daemon answers in a few milliseconds over its
 * socket and serves parallel scripts side by side. The daemon serves the socket only and leaves after
 * {@code daemon.idle_exit} with nothing to do.
 *
 * <p>Safe under races: the starter holds the runtime dir's start lock ({@link DaemonSpawn#lock}) while the
 * daemon starts; other commands wait for the lock or for the daemon to answer, whichever comes first, so
 * eight commands at once start one daemon. No command fails because of the auto-start: when the daemon
 * cannot start (or no lock comes in time), the command runs in-process as without it, after a note on
 * stderr naming the log.
 */
final class AutoStart {
    /** Set (to anything but empty, 0 or false) in a process's environment: it and its children start no daemon. */
    static final String NO_DAEMON_ENV = "DISPATCH_NO_DAEMON";

    /**
     * How long the starter waits for its daemon to answer: generous, since a JVM boot plus the store's open
     * takes seconds on a loaded two-core machine, and giving up early would only make the command wait for
     * the store behind the daemon it started.
     */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** Auto-started daemons leave after at least this long, whatever the config says ({@code --idle-exit}'s floor). */
    static final Duration MIN_IDLE = Duration.ofSeconds(1);

    private AutoStart() {}

    /**
     * The live owner, started now if none answered and auto-start is on for this command; empty when the
     * command should run in-process (auto-start off, or the daemon could not start: {@code err} says so).
     */
    static Optional<RemoteEngine> owner(GlobalOptions globals, Dirs dirs, Map<String, String> env, PrintWriter err) {
        Duration idleExit = idleExit(globals, dirs, env);
        if (idleExit == null) return Optional.empty();
        try {
            return start(dirs, env, idleExit, err);
        } catch (IOException e) {
            note(err, "could not start a background owner (" + e.getMessage() + ")", dirs);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The auto-started daemon's idle exit, or null when this command must not start one. */
    static Duration idleExit(GlobalOptions globals, Dirs dirs, Map<String, String> env) {
        if (globals.noDaemon() || set(env.get(NO_DAEMON_ENV)) || set(System.getenv(NO_DAEMON_ENV))) return null;
        if (env.get("DISPATCH_AOT_TRAINING") != null) return null; // install.sh's training runs its own daemon
        DaemonInfo info = DaemonInfo.read(dirs.runtime());
        // an owner that is alive but did not answer serves another data dir, or is stuck: a second daemon
        // could not take the runtime dir, so the command runs as it would without auto-start
        if (info != null && info.alive()) return null;
        Config config;
        try {
            config = new ConfigLoader(dirs, env, Environment.current().cwd()).load();
        } catch (ConfigException e) {
            for (var problem : e.problems()) {
                if (problem.key() != null && problem.key().startsWith("daemon.")) {
                    throw new CliException(ExitCode.USAGE, "invalid configuration:\n" + problem);
                }
            }
            return null; // a broken config elsewhere: no background process started on a guess
        }
        if (!config.daemonAutostart()) return null;
        Duration d = config.daemonIdleExit();
        return d.compareTo(MIN_IDLE) < 0 ? MIN_IDLE : d;
    }

    private static boolean set(String v) {
        return v != null && !v.isBlank() && !v.strip().equals("0") && !v.strip().equalsIgnoreCase("false");
    }

    private static Optional<RemoteEngine> start(Dirs dirs, Map<String, String> env, Duration idleExit, PrintWriter err)
            throws IOException, InterruptedException {
        Optional<RemoteEngine>[] found = new Optional[] {Optional.empty()};
        // wait for the lock, or for the owner someone else is starting to answer
        Optional<DaemonSpawn.StartLock> lock = DaemonSpawn.lock(
                dirs,
                START_TIMEOUT.plusSeconds(30),
                () -> Daemons.mayListen(dirs) && (found[0] = Daemons.find(dirs, env)).isPresent());
        if (found[0].isPresent()) return found[0];
        if (lock.isEmpty()) {
            note(
                    err,
                    "no background owner answered within "
                            + START_TIMEOUT.plusSeconds(30).toSeconds() + " s",
                    dirs);
            return Optional.empty();
        }
        try (DaemonSpawn.StartLock held = lock.get()) {
            Optional<RemoteEngine> now = Daemons.find(dirs, env); // started while this one waited
            if (now.isPresent()) return now;
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            if (info != null && info.alive()) return Optional.empty(); // another data dir's owner: see idleExit
            Path logFile = DaemonCommand.logFile(dirs);
            long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
            Process p = DaemonSpawn.spawn(
                    dirs, logFile, List.of("--no-port", "--idle-exit", idleExit.toMillis() + "ms", "--autostarted"));
            try {
                DaemonSpawn.awaitHealthy(dirs, p, dirs.socket(), START_TIMEOUT, logFile, offset);
            } catch (DaemonSpawn.Failed e) {
                note(err, "could not start a background owner: " + e.getMessage(), dirs);
                return Optional.empty();
            }
            return Daemons.find(dirs, env);
        }
    }

    private static void note(PrintWriter err, String what, Dirs dirs) {
        err.println("dispatch: " + what + "; running this command in-process (log: " + DaemonCommand.logFile(dirs)
                + "; --no-daemon or DISPATCH_NO_DAEMON=1 skips the attempt)");
        err.flush();
    }
}
