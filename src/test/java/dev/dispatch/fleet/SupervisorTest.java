package dev.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.FleetEvents.ConflictDetected;
import dev.dispatch.protocol.FleetEvents.ExternalAgentExited;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.worktree.Worktrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The owner's supervision round against a real engine, real git worktrees and agents whose tmux
 * sessions are gone: both kinds of overlap raise a {@code ConflictDetected} once, a gone session
 * becomes {@code ExternalAgentExited} with the agent marked done, and the conflicts op agrees.
 */
class SupervisorTest {
    @Test
    void overlapsAreRaisedOnceAndGoneSessionsAreMarkedExited() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "sup");
        Map<String, String> env = Map.of("DISPATCH_HOME", home.toString());
        Dirs dirs = Dirs.resolve(env);
        Path repo = Files.createDirectories(home.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("shared.txt"), "s\n");
        Files.writeString(repo.resolve("src/x.txt"), "x\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
        try (Engine engine = Engines.local(dirs, env)) {
            for (String n : List.of("w1", "w2", "w9"))
                engine.submit(new AgentOps.RegisterAgent("team", n, List.of(), null, null, null, null));
            List<Event> events = new CopyOnWriteArrayList<>();
            Fleet fleet = new Fleet(dirs, env, engine::submit, events::add);
            for (String n : List.of("w1", "w2")) {
                var wt = Worktrees.create(repo.toString(), n);
                fleet.records.save(new ExternalRecord(
                        "team",
                        n,
                        "shell",
                        List.of("bash"),
                        repo.toString(),
                        wt.path(),
                        wt.path(),
                        wt.branch(),
                        wt.base(),
                        null,
                        null,
                        home.resolve("run/fleet/" + n + "/tmux.sock").toString(),
                        "dispatch-" + n,
                        Instant.now(),
                        null,
                        null,
                        null));
            }
            Path w1 = repo.resolve(".dispatch/worktrees/w1");
            Path w2 = repo.resolve(".dispatch/worktrees/w2");
            Files.writeString(w1.resolve("shared.txt"), "w1\n"); // uncommitted
            Files.writeString(w1.resolve("src/x.txt"), "w1\n");
            Files.writeString(w2.resolve("shared.txt"), "w2\n");
            git(w2, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-a", "-m", "w2");
            engine.submit(new LockOps.AcquireLock("team", "w9", List.of("src/**"), 300, LockOps.Mode.exclusive, null));

            Supervisor s = Supervisor.start(fleet);
            try {
                s.tick();
                s.tick();
            } finally {
                s.close();
            }
            List<ConflictDetected> conflicts = events.stream()
                    .filter(e -> e instanceof ConflictDetected)
                    .map(e -> (ConflictDetected) e)
                    .toList();
            assertThat(conflicts)
                    .extracting(ConflictDetected::path, ConflictDetected::kind, ConflictDetected::agents)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("shared.txt", "both-changed", List.of("w1", "w2")),
                            org.assertj.core.groups.Tuple.tuple("src/x.txt", "locked-by-other", List.of("w1", "w9")));
            assertThat(events.stream()
                            .filter(e -> e instanceof ExternalAgentExited)
                            .map(e -> ((ExternalAgentExited) e).name()))
                    .containsExactlyInAnyOrder("w1", "w2");
            assertThat(fleet.records.find("w1").orElseThrow().exitedAt()).isNotNull();
            assertThat(engine.submit(new AgentOps.ShowAgent("team", "w1"))
                            .agent()
                            .status())
                    .isEqualTo(AgentOps.Status.done);
            assertThat(fleet.conflicts(new dev.dispatch.protocol.FleetOps.ListConflicts("team"))
                            .conflicts())
                    .hasSize(2);
            assertThat(fleet.list(new dev.dispatch.protocol.FleetOps.ListExternalAgents("team"))
                            .agents())
                    .allSatisfy(a -> assertThat(a.state()).isEqualTo(dev.dispatch.protocol.FleetOps.State.exited));
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
    }
}
