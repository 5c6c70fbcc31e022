package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile names and missing things for every external-agent and worktree command, through a daemon
 * (so names also travel as URL path segments): each is a clear error naming the value, and nothing
 * is created — no tmux server, no record, no worktree, no branch, no registration.
 */
class ExternalAgentInputsTest {
    static final List<String> HOSTILE = List.of(
            "a/b",
            "..",
            "../up",
            "a b",
            "x;touch pwned",
            "$(touch pwned)",
            "s:1",
            "s.0",
            "a.b",
            "=x",
            "%2e%2e",
            "ä",
            "x".repeat(41),
            "a\nb");

    @Test
    void hostileNamesAreRefusedEverywhereAndNothingIsCreated() throws Exception {
        try (FleetHome h = FleetHome.create("exth", "")) {
            for (String name : HOSTILE) {
                DispatchProcess.Run spawn = h.run("spawn", name, "--cli", "shell", "--worktree", "--space", "team");
                assertThat(spawn.exit()).as("spawn %s: %s", name, spawn.err()).isEqualTo(2);
                assertThat(spawn.err()).as(name).contains("is not valid for an external agent");
                for (List<String> cmd : List.of(
                        List.of("peek", name),
                        List.of("send", name, "hi"),
                        List.of("stop", name),
                        List.of("attach", name),
                        List.of("worktree", "diff", name),
                        List.of("worktree", "merge", name),
                        List.of("worktree", "remove", name, "--force"))) {
                    String[] args = cmd.toArray(String[]::new);
                    DispatchProcess.Run r = h.run(args);
                    assertThat(r.exit()).as("%s: %s", cmd, r.err()).isIn(2, 3);
                    assertThat(r.err()).as("%s", cmd).startsWith("dispatch: ").doesNotContain("HTTP 400");
                    // a newline cannot travel in a request path: the value and the rule are named (was a bare 400)
                    if (name.contains("\n")) assertThat(r.err()).as("%s", cmd).contains("\\u000a", "control character");
                }
            }
            assertThat(h.home.resolve("run/fleet")).doesNotExist();
            assertThat(h.home.resolve("data/fleet")).doesNotExist();
            assertThat(h.repo.resolve(".dispatch")).doesNotExist();
            assertThat(h.repo.resolve("pwned")).doesNotExist();
            assertThat(FleetHome.git(h.repo, "branch", "--list").strip()).isEqualTo("* main");
            assertThat(h.run("agent", "list", "--space", "team", "--json").out())
                    .contains("\"agents\":[]");
        }
    }

    @Test
    void missingAgentsWorktreesTasksAndReposAreNamedWithTheFix() throws Exception {
        try (FleetHome h = FleetHome.create("extm", "")) {
            DispatchProcess.Run peek = h.run("peek", "nobody");
            assertThat(peek.exit()).isEqualTo(3);
            assertThat(peek.err()).contains("no external agent 'nobody'", "dispatch spawn nobody");
            DispatchProcess.Run diff = h.run("worktree", "diff", "nobody");
            assertThat(diff.exit()).isEqualTo(3);
            assertThat(diff.err()).contains("no agent worktree 'nobody'", "dispatch worktree list");
            DispatchProcess.Run task =
                    h.run("spawn", "w1", "--cli", "shell", "--task", "task_missing", "--space", "team");
            assertThat(task.exit()).isEqualTo(3);
            assertThat(h.run("agent", "list", "--space", "team", "--json").out())
                    .as("nothing registered")
                    .contains("\"agents\":[]");
            // a CLI whose program is not there (a name, a relative path, a catalog-like typo): refused up front
            for (String cli : List.of("nope-no-such-cli", "./missing/agent.sh", "claud --help")) {
                DispatchProcess.Run missing = h.run("spawn", "w0", "--cli", cli, "--space", "team");
                assertThat(missing.exit()).as(cli + ": " + missing.err()).isEqualTo(2);
                assertThat(missing.err()).as(cli).contains("--cli '" + cli + "'", "no program");
            }
            assertThat(h.run("agent", "list", "--space", "team", "--json").out())
                    .as("nothing registered for a missing program")
                    .contains("\"agents\":[]");
            Path plain = Files.createDirectories(h.home.resolve("not-a-repo"));
            DispatchProcess.Run outside =
                    h.runIn(plain, "spawn", "w2", "--cli", "shell", "--worktree", "--space", "team");
            assertThat(outside.exit()).isEqualTo(2);
            assertThat(outside.err()).contains("not inside a git repository");
            assertThat(h.run("agent", "list", "--space", "team", "--json").out())
                    .as("registration undone")
                    .contains("\"agents\":[]");
            // a symlinked worktrees directory is refused, not followed
            Path elsewhere = Files.createDirectories(h.home.resolve("elsewhere"));
            Files.createSymbolicLink(h.repo.resolve(".dispatch"), elsewhere);
            DispatchProcess.Run link = h.run("spawn", "w3", "--cli", "shell", "--worktree", "--space", "team");
            assertThat(link.exit()).isEqualTo(2);
            assertThat(link.err()).contains("symbolic link");
            try (var s = Files.list(elsewhere)) {
                assertThat(s.toList()).isEmpty();
            }
            // the same name twice: the second spawn is refused while the first runs
            assertThat(h.run("spawn", "w4", "--cli", "shell", "--space", "team").exit())
                    .isZero();
            DispatchProcess.Run again = h.run("spawn", "w4", "--cli", "shell", "--space", "team");
            assertThat(again.exit()).isEqualTo(4);
            assertThat(again.err()).contains("already running", "dispatch stop w4");
            DispatchProcess.Run space = h.run("peek", "w4", "--space", "other");
            assertThat(space.exit()).isEqualTo(3);
            assertThat(space.err()).contains("--space team");
            DispatchProcess.Run lines = h.run("peek", "w4", "--lines", "0");
            assertThat(lines.exit()).isEqualTo(2);
            assertThat(lines.err()).contains("--lines 0");
        }
    }
}
