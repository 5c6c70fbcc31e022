package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Routes;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md promise 1 over HTTP: kill -9 a real {@code dispatch daemon run} process during
 * concurrent acknowledged task enqueues, ten times on the same data dir; every task that got a 200 is
 * in the store after restart, and each restart cleans up the dead daemon's socket and registry.
 */
@Tag("slow")
class DaemonKillTest {
    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "dk-");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Map<String, Integer> acked = new ConcurrentHashMap<>();
        for (int round = 0; round < 10; round++) {
            int r0 = round;
            Process p = start(home, dirs);
            String token = Files.readString(dirs.operatorToken()).strip();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    try (RemoteEngine r =
                            new RemoteEngine(new UnixHttp(dirs.socket()), token, Routes.standard(), null)) {
                        for (int i = 0; ; i++) {
                            var added = r.submit(new TaskOps.AddTask(
                                    "s", "w" + writer + "-" + i, null, null, null, null, null, null, null, null, null));
                            acked.put(added.task().id(), r0);
                        }
                    } catch (RuntimeException expected) {
                        // the daemon died under us: writes after this point were never acknowledged
                    }
                }));
            }
            Thread.sleep(300 + ThreadLocalRandom.current().nextInt(700));
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            for (Thread t : writers) t.join(30_000);
            assertThat(DaemonInfo.read(dirs.runtime()))
                    .as("a killed daemon leaves its registry")
                    .isNotNull();
        }
        assertThat(acked).hasSizeGreaterThan(10);
        try {
            Process last = start(home, dirs); // restarts cleanly after ten kills
            String token = Files.readString(dirs.operatorToken()).strip();
            Map<String, Integer> viaDaemon;
            try (RemoteEngine r = new RemoteEngine(new UnixHttp(dirs.socket()), token, Routes.standard(), null)) {
                viaDaemon = missing(r, acked);
                r.submit(new dev.dispatch.protocol.DaemonOps.Stop());
            }
            last.waitFor();
            Map<String, Integer> inProcess;
            try (Engine reopened = Engines.local(dirs)) {
                inProcess = missing(reopened, acked);
            }
            assertThat(viaDaemon)
                    .as("acknowledged writes missing after restart (id → round)")
                    .isEmpty();
            assertThat(inProcess)
                    .as("acknowledged writes missing in a one-shot open after a clean stop")
                    .isEmpty();
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Map<String, Integer> missing(Engine engine, Map<String, Integer> acked) {
        Map<String, Integer> missing = new java.util.TreeMap<>();
        for (var e : acked.entrySet()) {
            try {
                engine.submit(new TaskOps.ShowTask("s", e.getKey()));
            } catch (dev.dispatch.protocol.EngineException lost) {
                missing.put(e.getKey(), e.getValue());
            }
        }
        return missing;
    }

    private static Process start(Path home, Dirs dirs) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.dispatch.Main",
                        "daemon",
                        "run",
                        "--no-port")
                .redirectErrorStream(true)
                .redirectOutput(
                        home.resolve("daemon-" + System.nanoTime() + ".log").toFile());
        pb.environment().put("DISPATCH_HOME", home.toString());
        Process p = pb.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            if (info != null && info.pid() == p.pid()) {
                try (UnixHttp http = new UnixHttp(dirs.socket())) {
                    if (http.send("GET", "/v1/health", Map.of(), null).status() == 200) return p;
                } catch (java.io.IOException notYet) {
                    // still starting
                }
            }
            assertThat(p.isAlive()).as("daemon process exited during start-up").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("daemon did not become healthy");
    }
}
