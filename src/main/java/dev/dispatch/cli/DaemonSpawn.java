package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.DaemonJvm;
import dev.dispatch.protocol.DaemonInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starting a detached {@code daemon run}, shared by {@code daemon start} and the one-shots' auto-start
 * ({@link AutoStart}) so that both get the same JVM binary, options ({@link DaemonJvm}), class path, session
 * and log, and both take the runtime dir's start lock ({@link DaemonInfo#START_LOCK}): of several processes
 * that find no owner at once, exactly one starts it, and an auto-started daemon that leaves after its idle
 * time holds the same lock until its store is closed, so no starter races its exit.
 */
final class DaemonSpawn {
    private DaemonSpawn() {}

    /** The daemon did not become healthy: {@code message} says why, with its log's tail. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    /**
     * Spawns {@code dispatch --data-dir DATA daemon run ARGS} detached (own session, stdin from /dev/null,
     * output appended to {@code logFile}), never as an agent.
     */
    static Process spawn(Dirs dirs, Path logFile, List<String> runArgs) throws IOException {
        Files.createDirectories(logFile.getParent());
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid")))
            cmd.add("/usr/bin/setsid"); // own session: a terminal's ^C stays out
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(DaemonJvm.options(Environment.current().vars())); // capped heap: see DaemonJvm
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.dispatch.Main"));
        cmd.addAll(
                List.of("--data-dir", dirs.data().toAbsolutePath().normalize().toString(), "daemon", "run"));
        cmd.addAll(runArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        pb.environment().remove(Daemons.AGENT_TOKEN_ENV); // the daemon never runs as an agent
        pb.environment().remove("DISPATCH_AOT_TRAINING"); // started by the training: be a daemon, not a trainee
        return pb.start();
    }

    /**
     * Waits until {@code p} has registered itself and answers {@code /v1/health} on {@code socket}, and
     * returns its registry; throws {@link Failed} (and stops it) when it exits or {@code timeout} passes.
     */
    static DaemonInfo awaitHealthy(Dirs dirs, Process p, Path socket, Duration timeout, Path logFile, long offset)
            throws Failed, IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new Failed("daemon exited with status " + p.exitValue() + " during start-up:\n"
                        + DaemonCommand.tail(logFile, offset, 20));
            }
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            if (info != null && info.pid() == p.pid() && healthy(socket)) return info;
            Thread.sleep(25);
        }
        p.destroy();
        throw new Failed("daemon did not become healthy within " + timeout.toSeconds() + " s; stopped it."
                + " Log tail:\n" + DaemonCommand.tail(logFile, offset, 20));
    }

    static boolean healthy(Path socket) {
        try (UnixHttp http = new UnixHttp(socket)) {
            return http.send("GET", "/v1/health", Map.of(), null).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The start lock, held until closed. Waits for it until {@code timeout} passes or {@code giveUp} says
     * there is no need any more (an owner answers); then empty. Polls (the lock's holder is a starting or an
     * exiting daemon's whole start or stop, so 20 ms is nothing), since a blocked {@code FileChannel.lock}
     * cannot be given up on.
     */
    static java.util.Optional<StartLock> lock(Dirs dirs, Duration timeout, BooleanSupplier giveUp)
            throws IOException, InterruptedException {
        Path runtime = dirs.runtime();
        Files.createDirectories(runtime);
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        FileChannel ch = FileChannel.open(
                runtime.resolve(DaemonInfo.START_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException sameProcess) {
                    lock = null; // another thread of this process holds it (in-process tests)
                }
                if (lock != null) return java.util.Optional.of(new StartLock(ch, lock));
                if (giveUp.getAsBoolean() || System.nanoTime() >= deadline) {
                    ch.close();
                    return java.util.Optional.empty();
                }
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A held start lock; closing releases it. */
    record StartLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
