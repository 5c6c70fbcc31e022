package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.NativeBuild;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One-shot commands in real processes, once with no daemon (the store opened in-process) and once
 * with a daemon running (the op sent over its socket, by the JDK's channel and by the native socket
 * library the launcher names): the same stdout, stderr and exit codes. Then an agent authenticating
 * with DISPATCH_AGENT_TOKEN cannot act as another agent.
 */
@Tag("slow")
class OneShotTransportTest {
    /** A run with ids, times, leases and tokens masked, to compare across transports. */
    static String masked(DispatchProcess.Run r) {
        return r.exit() + "|" + mask(r.out()) + "|" + mask(r.err());
    }

    static String mask(String s) {
        return s.replaceAll("\\b(task|agt|lock|lck|msg|apr|dsp)_[A-Za-z0-9_-]+", "$1_X")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "TIME")
                .replaceAll("\\d\\d:\\d\\d:\\d\\d", "HH:MM:SS")
                .replaceAll("\"(lease|token)\":\"[^\"]+\"", "\"$1\":\"X\"");
    }

    static DispatchProcess.Run dispatch(Path home, Map<String, String> env, String... args) throws Exception {
        return DispatchProcess.run(home, home, env, args);
    }

    static List<String> session(Path home) throws Exception {
        return session(home, List.of());
    }

    /** The session's commands, each a process with {@code jvm} options. */
    static List<String> session(Path home, List<String> jvm) throws Exception {
        List<String> t = new ArrayList<>();
        Map<String, String> none = Map.of();
        Cmd d = (h, env, args) -> DispatchProcess.run(h, h, env, jvm, args);
        t.add(masked(d.run(home, none, "agent", "register", "w1", "--space", "web", "--json")));
        t.add(masked(d.run(home, none, "agent", "register", "w2", "--space", "web")));
        t.add(masked(d.run(home, none, "task", "add", "build", "--space", "web", "--priority", "5", "--json")));
        t.add(masked(d.run(home, none, "task", "add", "build", "--space", "web", "--key", "k1")));
        t.add(masked(d.run(home, none, "task", "next", "--agent", "w1", "--space", "web", "--json")));
        t.add(masked(d.run(home, none, "task", "next", "--agent", "w1", "--space", "web"))); // exit 5
        t.add(masked(d.run(home, none, "task", "show", "task_nope", "--space", "web"))); // exit 3
        t.add(masked(d.run(home, none, "lock", "acquire", "src/**", "--agent", "w1", "--space", "web")));
        t.add(masked(d.run(home, none, "lock", "acquire", "src/a", "--agent", "w2", "--space", "web"))); // exit 4
        t.add(masked(d.run(home, none, "task", "list", "--space", "web", "--json")));
        t.add(masked(d.run(
                home, none, "task", "complete", "task_nope", "--lease", "l", "--space", "web", "--json"))); // exit 3
        t.add(masked(d.run(home, none, "agent", "heartbeat", "w2", "--space", "web", "--json")));
        // text mode: through the socket lane's own renderers when a daemon runs
        t.add(masked(d.run(home, none, "task", "list", "--space", "web")));
        t.add(masked(d.run(home, none, "agent", "list", "--space", "web")));
        return t;
    }

    private interface Cmd {
        DispatchProcess.Run run(Path home, Map<String, String> env, String... args) throws Exception;
    }

    @Test
    void sameOutputAndExitCodesWithAndWithoutADaemon() throws Exception {
        Path a = Files.createTempDirectory(Path.of("/tmp"), "oa-");
        Path b = Files.createTempDirectory(Path.of("/tmp"), "ob-");
        try {
            List<String> inProcess = session(a);
            List<String> viaDaemon = viaDaemon(b, List.of());
            assertThat(inProcess.get(5)).startsWith("5|");
            assertThat(inProcess.get(6)).startsWith("3|");
            assertThat(inProcess.get(8)).startsWith("4|");
            assertThat(inProcess.get(10)).startsWith("3|");
            assertThat(viaDaemon).containsExactlyElementsOf(inProcess);
        } finally {
            delete(a);
            delete(b);
        }
    }

    /**
     * The session over the daemon with the launcher's native socket options: the same as in-process, the
     * JDK's Unix sockets never set up (class-loading log), and a library that does not load changes nothing.
     */
    @Test
    void theNativeSocketGivesTheSameOutputAndSkipsTheJdksSocketSetUp() throws Exception {
        List<String> nativeOptions = NativeBuild.launcherOptions();
        Path a = Files.createTempDirectory(Path.of("/tmp"), "oa-");
        Path b = Files.createTempDirectory(Path.of("/tmp"), "on-");
        try {
            List<String> inProcess = session(a);
            assertThat(viaDaemon(b, nativeOptions)).containsExactlyElementsOf(inProcess);
            assertThat(dispatch(b, Map.of(), "daemon", "start", "--no-port").exit())
                    .isZero();
            try {
                Path classes = b.resolve("classes.log");
                List<String> logged = new ArrayList<>(nativeOptions);
                logged.add("-Xlog:class+load=info:file=" + classes);
                DispatchProcess.Run lane =
                        DispatchProcess.run(b, b, Map.of(), logged, "task", "list", "--space", "web", "--json");
                assertThat(lane.exit()).as(lane.err()).isZero();
                assertThat(Files.readString(classes))
                        .contains("dev.dispatch.client.NativeSocket ")
                        .doesNotContain("sun.nio.ch.UnixDomainSockets ");
                DispatchProcess.Run noLibrary = DispatchProcess.run(
                        b,
                        b,
                        Map.of(),
                        List.of("--enable-native-access=ALL-UNNAMED", "-Ddispatch.native=" + b.resolve("missing.so")),
                        "task",
                        "list",
                        "--space",
                        "web",
                        "--json");
                assertThat(masked(noLibrary)).isEqualTo(masked(lane));
                DispatchProcess.Run doctor = DispatchProcess.run(b, b, Map.of(), nativeOptions, "doctor");
                assertThat(doctor.out()).contains("✓ socket").contains("native library " + NativeBuild.library());
            } finally {
                dispatch(b, Map.of(), "daemon", "stop");
            }
        } finally {
            delete(a);
            delete(b);
        }
    }

    /** The session in {@code home} with a daemon started there (stopped after), each command with {@code jvm} options. */
    private static List<String> viaDaemon(Path home, List<String> jvm) throws Exception {
        assertThat(dispatch(home, Map.of(), "daemon", "start", "--no-port").exit())
                .isZero();
        try {
            List<String> t = session(home, jvm);
            // the daemon really answered: it logged the ops
            assertThat(Files.readString(home.resolve("state/daemon.log"))).contains("/v1/spaces/{space}/tasks/next");
            return t;
        } finally {
            dispatch(home, Map.of(), "daemon", "stop");
        }
    }

    @Test
    void anAgentTokenFromTheEnvironmentActsOnlyAsItsAgent() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "ot-");
        try {
            assertThat(dispatch(home, Map.of(), "daemon", "start", "--no-port").exit())
                    .isZero();
            try {
                String token = Json.mapper()
                        .readTree(dispatch(home, Map.of(), "agent", "register", "w1", "--space", "web", "--json")
                                .out())
                        .get("token")
                        .asText();
                dispatch(home, Map.of(), "agent", "register", "w2", "--space", "web");
                dispatch(home, Map.of(), "task", "add", "job", "--space", "web");
                Map<String, String> asW1 = Map.of("DISPATCH_AGENT_TOKEN", token);
                DispatchProcess.Run spoof = dispatch(home, asW1, "task", "next", "--agent", "w2", "--space", "web");
                assertThat(spoof.exit()).isEqualTo(1);
                assertThat(spoof.err()).contains("may not act as 'w2'");
                DispatchProcess.Run spoofJson =
                        dispatch(home, asW1, "task", "next", "--agent", "w2", "--space", "web", "--json"); // the lane
                assertThat(spoofJson.exit()).isEqualTo(1);
                assertThat(spoofJson.err()).isEqualTo(spoof.err());
                DispatchProcess.Run own =
                        dispatch(home, asW1, "task", "next", "--agent", "w1", "--space", "web", "--json");
                assertThat(own.exit()).as(own.err()).isZero();
                assertThat(own.out()).contains("\"assignee\":\"w1\"");
                DispatchProcess.Run wrong =
                        dispatch(home, Map.of("DISPATCH_AGENT_TOKEN", "dsp_forged"), "task", "list", "--space", "web");
                assertThat(wrong.exit()).isEqualTo(1);
                assertThat(wrong.err()).contains("invalid token");
            } finally {
                dispatch(home, Map.of(), "daemon", "stop");
            }
        } finally {
            delete(home);
        }
    }

    @Test
    void eventsFollowReadsTheDaemonsStreamAndPrintsWhatThePageShows() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "oe-");
        try {
            assertThat(dispatch(home, Map.of(), "daemon", "start", "--no-port").exit())
                    .isZero();
            try {
                dispatch(home, Map.of(), "agent", "register", "w1", "--space", "web");
                List<String> cmd = new ArrayList<>(List.of(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.dispatch.Main",
                        "events",
                        "--follow",
                        "--since",
                        "0",
                        "--limit",
                        "3",
                        "--json",
                        "--space",
                        "web"));
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
                pb.environment().put("DISPATCH_HOME", home.toString());
                Path out = home.resolve("follow.txt");
                Process follow = pb.redirectOutput(out.toFile())
                        .redirectErrorStream(true)
                        .start();
                dispatch(home, Map.of(), "task", "add", "one", "--space", "web");
                dispatch(home, Map.of(), "task", "add", "two", "--space", "web");
                assertThat(follow.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(follow.exitValue()).isZero();
                DispatchProcess.Run page = dispatch(home, Map.of(), "events", "--json", "--space", "web");
                List<String> followed = Files.readAllLines(out);
                assertThat(followed).hasSize(3);
                assertThat(followed)
                        .containsExactlyElementsOf(page.out().lines().toList());
                assertThat(followed.get(0)).contains("\"type\":\"AgentRegistered\"");
                // it followed through the daemon: the daemon owns the store, so an in-process engine could not open it
            } finally {
                dispatch(home, Map.of(), "daemon", "stop");
            }
        } finally {
            delete(home);
        }
    }

    static void delete(Path dir) throws Exception {
        Dirs.resolve(Map.of("DISPATCH_HOME", dir.toString())); // same layout the commands used
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
