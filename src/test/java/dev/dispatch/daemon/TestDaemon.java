package dev.dispatch.daemon;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real daemon in this JVM for tests: Jetty on a Unix socket under a short temp dir (socket paths
 * are limited to ~107 bytes) and a free loopback port, serving a {@link NoteEngine} on a real H2 file.
 * Agent tokens (space {@code s}): {@code tok-alice} → {@code agt_alice}, {@code tok-bob} → {@code agt_bob}.
 */
final class TestDaemon implements AutoCloseable {
    static final Map<String, AgentTokens.Agent> AGENTS = Map.of(
            "tok-alice", new AgentTokens.Agent("s", "agt_alice"), "tok-bob", new AgentTokens.Agent("s", "agt_bob"));

    final Path home;
    final Dirs dirs;
    final NoteEngine engine;
    final Daemon daemon;
    final StringWriter log = new StringWriter();

    TestDaemon(ServerConfig.Limits limits) throws IOException {
        home = Files.createTempDirectory(Path.of("/tmp"), "dd-");
        dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        engine = new NoteEngine(dirs.data());
        ServerConfig cfg = new ServerConfig(dirs.socket(), 0, limits);
        daemon = Daemon.serve(
                dirs, cfg, "test", new DaemonLog(log), engine.backend(t -> Optional.ofNullable(AGENTS.get(t))), engine);
    }

    TestDaemon() throws IOException {
        this(ServerConfig.Limits.defaults());
    }

    String token() {
        return daemon.operatorToken();
    }

    int port() {
        return daemon.port();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    /** A remote engine as a client process would build it, with {@code token}. */
    RemoteEngine remote(String token) {
        return new RemoteEngine(new UnixHttp(daemon.socket()), token, NoteOps.ROUTES, DaemonInfo.read(dirs.runtime()));
    }

    RemoteEngine remote() {
        return remote(token());
    }

    /** GET /metrics over loopback with the operator token. */
    String metricsText() {
        try {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/metrics"))
                    .header("Authorization", "Bearer " + token())
                    .build();
            return java.net.http.HttpClient.newHttpClient()
                    .send(req, java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws IOException {
        daemon.stop();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
