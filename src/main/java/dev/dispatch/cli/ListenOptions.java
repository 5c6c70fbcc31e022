package dev.dispatch.cli;

import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a daemon listens: {@code --port N | --no-port} and {@code --socket PATH}. */
public final class ListenOptions {
    @ArgGroup(exclusive = true)
    PortChoice port;

    static final class PortChoice {
        @Option(
                names = "--port",
                paramLabel = "N",
                description = "Loopback TCP port (default: setting daemon.port, 7421; 0 picks a free one).")
        Integer number;

        @Option(names = "--no-port", description = "Serve only the Unix socket, no TCP port.")
        boolean none;
    }

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = "Unix socket path (default: RUNTIME_DIR/dispatch.sock).")
    Path socket;

    int port(Dirs dirs) {
        if (port == null) return configuredPort(dirs);
        if (port.none) return ServerConfig.NO_PORT;
        if (port.number < 0 || port.number > 65535) {
            throw new CliException(ExitCode.USAGE, "--port must be 0..65535, got " + port.number);
        }
        return port.number;
    }

    Path socket(Dirs dirs) {
        return socket == null ? dirs.socket() : socket.toAbsolutePath().normalize();
    }

    ServerConfig config(Dirs dirs) {
        return new ServerConfig(socket(dirs), port(dirs), ServerConfig.Limits.defaults());
    }

    /** {@code daemon.port} from the settings registry (env, config files, default). */
    private static int configuredPort(Dirs dirs) {
        try {
            var env = Environment.current();
            return new ConfigLoader(dirs, env.vars(), env.cwd()).load().daemonPort();
        } catch (ConfigException e) {
            throw new CliException(ExitCode.USAGE, "invalid configuration:\n" + e.getMessage());
        }
    }

    /** The same choices as arguments, for the detached {@code daemon run} that {@code daemon start} spawns. */
    List<String> args() {
        List<String> a = new ArrayList<>();
        if (port != null && port.none) a.add("--no-port");
        else if (port != null) a.addAll(List.of("--port", String.valueOf(port.number)));
        if (socket != null)
            a.addAll(List.of("--socket", socket.toAbsolutePath().normalize().toString()));
        return a;
    }
}
