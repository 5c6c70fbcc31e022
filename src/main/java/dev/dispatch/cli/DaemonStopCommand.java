package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.DaemonOps;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dispatch daemon stop}: asks the daemon to stop gracefully and waits for its process to exit. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = {"Stop the daemon gracefully: in-flight requests finish, streams close, the store closes cleanly."
        })
public final class DaemonStopCommand implements Callable<Integer> {
    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long to wait for the process to exit (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dirs dirs = Cli.globals(spec).dirs();
        PrintWriter out = spec.commandLine().getOut();
        Optional<RemoteEngine> remote = Daemons.find(dirs, Map.of());
        if (remote.isEmpty())
            throw new CliException(ExitCode.NOT_FOUND, "no daemon running (runtime dir " + dirs.runtime() + ")");
        long pid;
        try (RemoteEngine engine = remote.get()) {
            pid = engine.submit(new DaemonOps.Status()).pid();
            engine.submit(new DaemonOps.Stop());
        }
        Optional<ProcessHandle> proc = ProcessHandle.of(pid);
        if (proc.isPresent()) {
            try {
                proc.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new CliException(
                        ExitCode.ERROR,
                        "daemon pid " + pid + " still running after " + timeoutSeconds
                                + " s; see 'dispatch daemon logs'");
            }
        }
        DaemonInfo left = DaemonInfo.read(dirs.runtime());
        out.println("daemon stopped (pid " + pid + ")"
                + (left != null && left.pid() == pid ? "; registry left behind" : ""));
        out.flush();
        return ExitCode.OK.code();
    }
}
