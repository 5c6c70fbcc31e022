package dev.dispatch.bench;

import dev.dispatch.app.Engines;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Routes;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Commit → delivery latency per kind of coordination event, in-process (the engine's own subscription)
 * and through a real daemon's SSE stream (the remote client's subscription), after a warm-up round of
 * the same size. Usage: CoordEventBench [N per kind].
 */
public final class CoordEventBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path home = Files.createTempDirectory("coord-events-bench");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.resolve("local").toString()));
        try (Engine local = Engines.local(dirs)) {
            CoordEventLatency.run(local, local, "warm", n);
            System.out.println("in-process (engine subscription), " + n + " per kind:");
            CoordEventLatency.lines(CoordEventLatency.run(local, local, "bench", n))
                    .forEach(System.out::println);
        }
        Dirs dd = Dirs.resolve(Map.of("DISPATCH_HOME", home.resolve("daemon").toString()));
        Daemon d = Daemon.start(
                dd,
                new ServerConfig(dd.socket(), ServerConfig.NO_PORT, ServerConfig.Limits.defaults()),
                "bench",
                new DaemonLog(new StringWriter()));
        try (RemoteEngine r = new RemoteEngine(
                new UnixHttp(dd.socket()), d.operatorToken(), Routes.standard(), DaemonInfo.read(dd.runtime()))) {
            CoordEventLatency.run(r, r, "warm", n);
            System.out.println("daemon (SSE stream over the socket), " + n + " per kind:");
            CoordEventLatency.lines(CoordEventLatency.run(r, r, "bench", n)).forEach(System.out::println);
        } finally {
            d.stop();
        }
        System.exit(0);
    }
}
