package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.bench.CoordEventLatency;
import dev.dispatch.bench.CoordEventLatency.Figures;
import dev.dispatch.bench.CoordEventLatency.Kind;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Routes;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of coordination event (task, agent, lock, message, knowledge, approval) reaches a live
 * subscriber within 50 ms p99 of its commit, in-process (the engine's own subscription) and through a
 * real daemon's SSE stream (the remote client reading {@code /v1/events} on the socket). 100 samples
 * per kind, after a warm-up round of 20, up to three rounds (see {@link #check}). The figure asserted is measured from the op being sent, an
 * upper bound of "from the commit" (it also holds the request and the commit itself). Before issue 18
 * locks, messages, knowledge and approvals were journaled but never published: they came only with
 * the stream's 1 s safety poll.
 */
class CoordEventLatencyTest {
    static final int N = 100;
    static final double P99_MS = 50;
    static final int ROUNDS = 3;

    @TempDir
    Path home;

    @Test
    void inProcessSubscribersGetEveryKindWithin50msOfItsCommit() throws Exception {
        try (Engine local = Engines.local(Dirs.resolve(Map.of("DISPATCH_HOME", home.toString())))) {
            CoordEventLatency.run(local, local, "warm", 20);
            check("in-process", (space, kinds) -> CoordEventLatency.run(local, local, space, N, kinds));
        }
    }

    @Test
    void daemonSseSubscribersGetEveryKindWithin50msOfItsCommit() throws Exception {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Daemon d = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), ServerConfig.NO_PORT, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        try (RemoteEngine r = new RemoteEngine(
                new UnixHttp(dirs.socket()), d.operatorToken(), Routes.standard(), DaemonInfo.read(dirs.runtime()))) {
            CoordEventLatency.run(r, r, "warm", 20);
            check("daemon SSE", (space, kinds) -> CoordEventLatency.run(r, r, space, N, kinds));
        } finally {
            d.stop();
        }
    }

    interface Round {
        Map<Kind, Figures> run(String space, Set<Kind> kinds) throws Exception;
    }

    /**
     * Every kind must meet the bound in one of {@value #ROUNDS} rounds of {@value #N} samples: the slack
     * for a loaded machine (2 cores shared with other builds, where a single descheduling costs ~100 ms),
     * while a missing publish (the 1 s poll) fails every round. A kind that met it is not measured again.
     */
    private static void check(String where, Round round) throws Exception {
        Set<Kind> pending = EnumSet.allOf(Kind.class);
        StringBuilder report = new StringBuilder(where + ":");
        for (int i = 1; i <= ROUNDS && !pending.isEmpty(); i++) {
            Map<Kind, Figures> figures = round.run("s" + i, pending);
            assertThat(figures.keySet()).isEqualTo(pending);
            report.append("\nround ").append(i).append(" (load ").append(load()).append("):");
            for (Figures f : figures.values()) {
                assertThat(f.fromSend()).hasSize(N);
                report.append("\n").append(f.line());
                if (f.p99FromSend() <= P99_MS) pending.remove(f.kind());
            }
        }
        System.out.println(report);
        assertThat(pending)
                .as("kinds over " + P99_MS + " ms p99 in every round\n" + report)
                .isEmpty();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
