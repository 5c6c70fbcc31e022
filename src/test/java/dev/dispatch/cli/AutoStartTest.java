package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shots' auto-start (cli/AutoStart, docs/owner.md) with real processes: commands that find no
 * owner start exactly one in the background, however many start at once; the opt-outs keep the in-process
 * path; the auto-started daemon leaves after its idle time, and a command arriving while it leaves still
 * succeeds. The build runs tests with {@code DISPATCH_NO_DAEMON=1} (pom.xml); these clear it.
 */
@Tag("slow")
class AutoStartTest {
    @TempDir
    Path home;

    /** Auto-start on: the build's opt-out cleared (an empty value is "not set"). */
    private final Map<String, String> on = new HashMap<>(Map.of(AutoStart.NO_DAEMON_ENV, ""));

    @AfterEach
    void stopDaemons() {
        daemons().forEach(p -> {
            p.destroy();
            p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
        });
    }

    @Test
    void eightCommandsAtOnceStartExactlyOneOwnerAndAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<DispatchProcess.Run>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String title = "t" + i;
            runs.add(pool.submit(() -> run(on, "task", "add", title, "--space", "s", "--json")));
        }
        for (Future<DispatchProcess.Run> f : runs) {
            DispatchProcess.Run r = f.get(5, TimeUnit.MINUTES);
            assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
            assertThat(r.err()).isEmpty();
        }
        pool.shutdown();
        assertThat(daemons()).as("daemon processes for this home").hasSize(1);
        String log = Files.readString(home.resolve("state/daemon.log"));
        assertThat(log.lines().filter(l -> l.contains("\"event\":\"started\""))).hasSize(1);
        DispatchProcess.Run status = run(on, "daemon", "status", "--json");
        assertThat(status.exit()).isZero();
        JsonNode s = Json.mapper().readTree(status.out());
        assertThat(s.get("autostarted").asBoolean()).isTrue();
        assertThat(s.get("idleExitSeconds").asLong()).isEqualTo(600);
        assertThat(s.get("port").asInt())
                .as("an auto-started daemon serves the socket only")
                .isZero();
        DispatchProcess.Run text = run(on, "daemon", "status");
        assertThat(text.out()).contains("(auto-started, exits after 10m idle)").contains("log:     " + home);
        JsonNode list = Json.mapper()
                .readTree(run(on, "task", "list", "--space", "s", "--json").out());
        assertThat(list.get("tasks").size()).isEqualTo(8);
    }

    @Test
    void optOutsKeepTheInProcessPath() throws Exception {
        assertThat(run(on, "--no-daemon", "task", "add", "a", "--space", "s").exit())
                .isZero();
        assertThat(run(on, "task", "add", "b", "--space", "s", "--no-daemon").exit())
                .isZero();
        assertThat(run(Map.of(AutoStart.NO_DAEMON_ENV, "1"), "task", "add", "c", "--space", "s")
                        .exit())
                .isZero();
        Map<String, String> settingOff = new HashMap<>(on);
        settingOff.put("DISPATCH_DAEMON_AUTOSTART", "false");
        assertThat(run(settingOff, "task", "add", "d", "--space", "s").exit()).isZero();
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/config.yaml"), "daemon:\n  autostart: false\n");
        assertThat(run(on, "task", "add", "e", "--space", "s").exit()).isZero();
        assertThat(daemons()).isEmpty();
        assertThat(home.resolve("state/daemon.log")).doesNotExist();
        assertThat(DaemonInfo.read(home.resolve("run"))).isNull();
        DispatchProcess.Run list = run(on, "task", "list", "--space", "s", "--json");
        assertThat(Json.mapper().readTree(list.out()).get("tasks").size()).isEqualTo(5);
        assertThat(daemons()).isEmpty();
        // a bad value of the setting is named, not guessed
        Files.writeString(home.resolve("config/config.yaml"), "daemon:\n  autostart: sometimes\n");
        DispatchProcess.Run bad = run(on, "task", "list", "--space", "s");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(bad.err()).contains("daemon.autostart");
    }

    @Test
    void theOwnerLeavesAfterItsIdleTimeAndTheStoreIsFreeAgain() throws Exception {
        Map<String, String> env = new HashMap<>(on);
        env.put("DISPATCH_DAEMON_IDLE_EXIT", "2s");
        assertThat(run(env, "task", "add", "x", "--space", "s").exit()).isZero();
        List<ProcessHandle> started = daemons();
        assertThat(started).hasSize(1);
        assertThat(run(env, "daemon", "status").out()).contains("exits after 2s idle");
        ProcessHandle daemon = started.get(0);
        assertThat(daemon.onExit()
                        .orTimeout(60, TimeUnit.SECONDS)
                        .exceptionally(e -> null)
                        .join())
                .as("the daemon exited on its own")
                .isNotNull();
        assertThat(daemon.isAlive()).isFalse();
        assertThat(home.resolve("run/dispatch.sock")).doesNotExist();
        assertThat(DaemonInfo.read(home.resolve("run"))).isNull();
        assertThat(Files.readString(home.resolve("state/daemon.log"))).contains("\"event\":\"idle_exit\"");
        DispatchProcess.Run list = run(Map.of(), "--no-daemon", "task", "list", "--space", "s", "--json");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(Json.mapper().readTree(list.out()).get("tasks").size()).isEqualTo(1);
    }

    @Test
    void commandsArrivingWhileTheOwnerLeavesNeverFail() throws Exception {
        Map<String, String> env = new HashMap<>(on);
        env.put("DISPATCH_DAEMON_IDLE_EXIT", "1s");
        for (int i = 0; i < 8; i++) {
            DispatchProcess.Run r = run(env, "task", "add", "t" + i, "--space", "s", "--json");
            assertThat(r.exit()).as("command %d, stderr: %s", i, r.err()).isZero();
            assertThat(r.err()).isEmpty();
            Thread.sleep(ThreadLocalRandom.current().nextLong(700, 1600)); // about the idle time: both sides of it
        }
        DispatchProcess.Run list = run(env, "task", "list", "--space", "s", "--json");
        assertThat(Json.mapper().readTree(list.out()).get("tasks").size()).isEqualTo(8);
        long starts = Files.readString(home.resolve("state/daemon.log"))
                .lines()
                .filter(l -> l.contains("\"event\":\"started\""))
                .count();
        assertThat(starts).as("owners started as earlier ones left").isGreaterThanOrEqualTo(1);
    }

    /** A user following the docs runs 'daemon start' after a command already auto-started one. */
    @Test
    void daemonStartReplacesAnAutoStartedOwnerWithOneThatStaysUp() throws Exception {
        assertThat(run(on, "task", "add", "before", "--space", "s", "--json").exit())
                .isZero();
        long first = daemons().get(0).pid();
        DispatchProcess.Run start = run(on, "daemon", "start", "--no-port");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.err()).contains("replaced the daemon a command had started (pid " + first);
        JsonNode s =
                Json.mapper().readTree(run(on, "daemon", "status", "--json").out());
        assertThat(s.get("autostarted").asBoolean()).isFalse();
        assertThat(s.get("pid").asLong()).isNotEqualTo(first);
        JsonNode list = Json.mapper()
                .readTree(run(on, "task", "list", "--space", "s", "--json").out());
        assertThat(list.get("tasks").size())
                .as("the task the first owner acknowledged")
                .isEqualTo(1);
        DispatchProcess.Run again = run(on, "daemon", "start", "--no-port");
        assertThat(again.exit())
                .as("a daemon started on purpose is not replaced")
                .isEqualTo(1);
        assertThat(again.err()).contains("already running");
    }

    private DispatchProcess.Run run(Map<String, String> env, String... args) throws Exception {
        return DispatchProcess.run(home, home, env, List.of(), java.time.Duration.ofMinutes(4), args);
    }

    /** Live {@code daemon run} processes serving this test's home. */
    private List<ProcessHandle> daemons() {
        String data = home.resolve("data").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    String c = cmdline(p.pid());
                    return c.contains(" daemon run") && c.contains(data);
                })
                .toList();
    }

    /**
     * A process's whole command line from /proc (ProcessHandle.Info#commandLine stops at one page, and a
     * daemon's class path and JVM options run past it).
     */
    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return ""; // gone, or not ours to read
        }
    }
}
