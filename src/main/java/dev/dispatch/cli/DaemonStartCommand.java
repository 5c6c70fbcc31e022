package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.DaemonJvm;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch daemon start}: spawns {@code daemon run} detached (same JVM binary and classpath),
 * output to {@code daemon.log} in the state dir, and waits until it answers {@code /v1/health}.
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
        DaemonInfo running = DaemonInfo.read(dirs.runtime());
        if (running != null && running.alive()) {
            String how = running.byDaemon() ? "'dispatch daemon stop' first" : "end that session first";
            throw new CliException(
                    ExitCode.ERROR,
                    "a " + running.describeKind() + " is already running (pid " + running.pid() + ", socket "
                            + running.socket() + "); " + how);
        }
        Path logFile = DaemonCommand.logFile(dirs);
        Files.createDirectories(logFile.getParent());
        long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
        Process p = spawn(dirs, logFile);
        Path socket = listen.socket(dirs);
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new CliException(
                        ExitCode.ERROR,
                        "daemon exited with status " + p.exitValue() + " during start-up:\n"
                                + DaemonCommand.tail(logFile, offset, 20));
            }
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            if (info != null && info.pid() == p.pid() && healthy(socket)) {
                print(info);
                return ExitCode.OK.code();
            }
            Thread.sleep(50);
        }
        p.destroy();
        throw new CliException(
                ExitCode.ERROR,
                "daemon did not become healthy within " + timeoutSeconds + " s; stopped it." + " Log tail:\n"
                        + DaemonCommand.tail(logFile, offset, 20));
    }

    private Process spawn(Dirs dirs, Path logFile) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid")))
            cmd.add("/usr/bin/setsid"); // own session: a terminal's ^C stays out
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(DaemonJvm.options(Environment.current().vars())); // capped heap: see DaemonJvm
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.dispatch.Main"));
        cmd.addAll(List.of("--data-dir", dirs.data().toString(), "daemon", "run"));
        cmd.addAll(listen.args());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        pb.environment().remove(Daemons.AGENT_TOKEN_ENV); // the daemon never runs as an agent
        pb.environment().remove("DISPATCH_AOT_TRAINING"); // started by the training: be a daemon, not a trainee
        return pb.start();
    }

    private static boolean healthy(Path socket) {
        try (UnixHttp http = new UnixHttp(socket)) {
            return http.send("GET", "/v1/health", Map.of(), null).status() == 200;
        } catch (IOException e) {
            return false;
        }
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
