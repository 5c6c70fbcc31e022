package dev.dispatch.client;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Routes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the live owner of a data directory: a daemon (or serving session) that answers on the
 * runtime dir's socket. One-shot commands send their op there when one answers and run in-process
 * otherwise. Agents authenticate with {@code DISPATCH_AGENT_TOKEN}; the operator's CLI reads
 * {@code operator.token} from the state dir.
 */
public final class Daemons {
    /** Environment variable holding an agent's token (from its registration). */
    public static final String AGENT_TOKEN_ENV = "DISPATCH_AGENT_TOKEN";

    private Daemons() {}

    /** A remote engine on the live owner of {@code dirs.data()}, or empty when none answers. */
    public static Optional<RemoteEngine> find(Dirs dirs, Map<String, String> env) {
        Owner owner = locate(dirs);
        if (owner == null) return Optional.empty();
        UnixHttp http = new UnixHttp(owner.socket());
        try {
            UnixHttp.Response r = http.send("GET", "/v1/health", Map.of(), null);
            if (r.status() != 200) {
                http.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            http.close();
            return Optional.empty(); // a stale socket file with nobody behind it
        }
        return Optional.of(new RemoteEngine(http, token(dirs, env), Routes.standard(), owner.info()));
    }

    /**
     * Whether an owner may be listening: the runtime dir holds a registry or the default socket. Two
     * {@code stat}s, so a one-shot command can skip setting up a connection when nobody ever served here.
     */
    public static boolean mayListen(Dirs dirs) {
        return Files.exists(dirs.runtime().resolve(DaemonInfo.FILE)) || Files.exists(dirs.socket());
    }

    /**
     * Where the live owner of {@code dirs.data()} listens, by its registry (or the default socket when
     * there is none), or null when its process is dead, it owns another data dir, or there is no socket.
     */
    public static Owner locate(Dirs dirs) {
        DaemonInfo info = DaemonInfo.read(dirs.runtime());
        if (info != null && !info.alive()) return null; // stale registry: the daemon died
        if (info != null && info.dataDir() != null && !Path.of(info.dataDir()).equals(dirs.data())) {
            return null; // serves another data dir (--data-dir): not ours to use
        }
        Path socket = info != null && info.socket() != null ? Path.of(info.socket()) : dirs.socket();
        return Files.exists(socket) ? new Owner(socket, info) : null;
    }

    /** An owner's socket and registry ({@code info} null when the socket has none). */
    public record Owner(Path socket, DaemonInfo info) {
        /**
         * A connection to the owner, opened without asking it anything, or null when nobody listens. For
         * a one-shot command's first request: a refused connection is the one moment it can still run
         * in-process instead (after a request is sent, it must not run the op twice).
         */
        public UnixHttp connect() {
            UnixHttp http = new UnixHttp(socket);
            try {
                http.connect();
                return http;
            } catch (IOException e) {
                http.close();
                return null; // a stale socket file with nobody behind it
            }
        }
    }

    /** The caller's token: the agent's from the environment, else the operator's file. */
    public static String token(Dirs dirs, Map<String, String> env) {
        String agent = env.get(AGENT_TOKEN_ENV);
        if (agent != null && !agent.isBlank()) return agent.strip();
        Path file = dirs.operatorToken();
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.UNAUTHORIZED,
                    "cannot read the operator token " + file + ": " + e.getMessage() + " (set " + AGENT_TOKEN_ENV
                            + " if you are an agent)");
        }
    }
}
