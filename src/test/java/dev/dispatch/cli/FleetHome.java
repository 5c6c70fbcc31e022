package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A home, a git repository and a daemon for the external-agent tests: a {@code dispatch} launcher for
 * this build on the PATH that the daemon (and so every tmux session it starts) inherits, the scripted
 * agent ({@code src/test/resources/dev/dispatch/fleet/scripted-agent.sh}), and a cleanup that kills
 * every agent's tmux server before stopping the daemon.
 */
final class FleetHome implements AutoCloseable {
    static final Path SCRIPT =
            Path.of("src/test/resources/dev/dispatch/fleet/scripted-agent.sh").toAbsolutePath();
    static final String SECRET = "sk-fleet-canary-7f3a9c";

    final Path home;
    final Path repo;
    final Map<String, String> env;

    private FleetHome(Path home, Path repo, Map<String, String> env) {
        this.home = home;
        this.repo = repo;
        this.env = env;
    }

    /** A new home with a key (a secret export must not leak) and one agent template, plus a repository. */
    static FleetHome create(String prefix, String templates) throws IOException, InterruptedException {
        return create(prefix, templates, Map.of(), List.of());
    }

    /**
     * As {@link #create(String, String)}, with {@code extraEnv} for every command and the daemon (so for the
     * tmux sessions it starts) and {@code pathDirs} before the launcher's directory on the PATH.
     */
    static FleetHome create(String prefix, String templates, Map<String, String> extraEnv, List<Path> pathDirs)
            throws IOException, InterruptedException {
        for (String tool : List.of("tmux", "git"))
            if (!onPath(tool)) fail(tool + " is not on PATH: install it (Debian: apt-get install " + tool + ")");
        Path home = ScriptedHome.create(prefix);
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { p: { type: anthropic, base_url: "http://127.0.0.1:9" } }
                keys: [ { id: k, provider: p, secret: "%s" } ]
                models: [ { id: m, provider: p, name: model-x } ]
                default_model: m
                """
                                .formatted(SECRET)
                        + templates);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("dispatch");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                        + "' dev.dispatch.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Path repo = Files.createDirectories(home.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.writeString(repo.resolve("shared.txt"), "shared\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        StringBuilder path = new StringBuilder(bin.toString());
        for (Path d : pathDirs) path.append(':').append(d);
        env.put("PATH", path + ":" + System.getenv("PATH"));
        FleetHome h = new FleetHome(home, repo, Map.copyOf(env));
        DispatchProcess.Run d = h.run("daemon", "start", "--no-port");
        assertThat(d.exit()).as(d.err()).isZero();
        return h;
    }

    DispatchProcess.Run run(String... args) throws IOException, InterruptedException {
        return DispatchProcess.run(home, repo, env, List.of(), Duration.ofMinutes(2), args);
    }

    DispatchProcess.Run runIn(Path cwd, String... args) throws IOException, InterruptedException {
        return DispatchProcess.run(home, cwd, env, List.of(), Duration.ofMinutes(2), args);
    }

    /** Runs a command that must succeed and returns its JSON answer. */
    JsonNode json(String... args) throws IOException, InterruptedException {
        DispatchProcess.Run r = run(args);
        assertThat(r.exit()).as("dispatch %s: %s", List.of(args), r.err()).isZero();
        return Json.mapper().readTree(r.out());
    }

    /** Polls {@code args}' JSON until {@code done} holds, for at most {@code limit}. */
    JsonNode await(Duration limit, Predicate<JsonNode> done, String... args) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = json(args);
            if (done.test(last)) return last;
            Thread.sleep(300);
        }
        throw new AssertionError(
                "dispatch " + String.join(" ", args) + " did not get there in " + limit + "; last: " + last);
    }

    Path socket(String agent) {
        return home.resolve("run/fleet").resolve(agent).resolve("tmux.sock");
    }

    static String tmux(Path socket, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, 0);
    }

    /** Runs {@code cmd}; its output, or a failure when it must exit with {@code expect} and did not. */
    static String exec(List<String> cmd, Integer expect) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("TMUX");
        pb.environment().put("GIT_OPTIONAL_LOCKS", "0"); // a snapshot's 'git status' must not rewrite the index
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (expect != null) assertThat(p.exitValue()).as("%s: %s", cmd, out).isEqualTo(expect);
        return out;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Path fleet = home.resolve("run/fleet");
        if (Files.isDirectory(fleet)) {
            try (Stream<Path> s = Files.list(fleet)) {
                for (Path d : s.toList()) tmux(d.resolve("tmux.sock"), "kill-server");
            }
        }
        run("daemon", "stop");
        ScriptedHome.delete(home);
    }
}
