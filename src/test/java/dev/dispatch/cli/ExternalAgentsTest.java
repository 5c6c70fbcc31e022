package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * External agents for real: the scripted agent in tmux sessions started by {@code dispatch spawn}
 * through a daemon, each in its own git worktree, coordinating with nothing but the token spawn gave
 * it and the {@code dispatch} CLI; overlaps reported before merge time; a conflicting merge that
 * changes nothing; peek, send, attach, stop; a killed session whose lease another agent re-claims.
 */
class ExternalAgentsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void threeAgentsClaimDistinctTasksOverlapsAreReportedAndOnlyCleanMergesChangeAnything() throws Exception {
        try (FleetHome h = FleetHome.create("ext3", "")) {
            for (String file : List.of("a.txt", "shared.txt", "shared.txt"))
                assertThat(h.run("task", "add", "edit " + file, "--description", file, "--space", "team")
                                .exit())
                        .isZero();
            for (String n : List.of("w1", "w2", "w3")) {
                DispatchProcess.Run r =
                        h.run("spawn", n, "--cli", FleetHome.SCRIPT + " work", "--worktree", "--space", "team");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).contains("dispatch-" + n, "dispatch/" + n);
            }
            JsonNode done = h.await(
                    PATIENCE,
                    t -> t.get("tasks").size() == 3,
                    "task",
                    "list",
                    "--space",
                    "team",
                    "--status",
                    "done",
                    "--json");
            Map<String, String> fileOf = new HashMap<>();
            for (JsonNode t : done.get("tasks"))
                fileOf.put(t.get("assignee").asText(), t.get("description").asText());
            assertThat(fileOf.keySet())
                    .as("three agents, three distinct claims")
                    .containsExactlyInAnyOrder("w1", "w2", "w3");
            List<String> sharers = fileOf.entrySet().stream()
                    .filter(e -> e.getValue().equals("shared.txt"))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            String loner = fileOf.entrySet().stream()
                    .filter(e -> e.getValue().equals("a.txt"))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            // each committed its edit in its own worktree (completion comes after the commit)
            JsonNode wts = h.await(
                    PATIENCE,
                    l -> {
                        for (JsonNode w : l.get("worktrees"))
                            if (w.get("commitsAhead").asInt() != 1) return false;
                        return l.get("worktrees").size() == 3;
                    },
                    "worktree",
                    "list",
                    "--json");
            for (JsonNode w : wts.get("worktrees"))
                assertThat(w.get("uncommitted")).isEmpty();

            DispatchProcess.Run conflicts = h.run("conflicts", "--space", "team", "--json");
            assertThat(conflicts.exit()).as("exit 4 when agents overlap").isEqualTo(4);
            JsonNode c = dev.dispatch.protocol.Json.mapper()
                    .readTree(conflicts.out())
                    .get("conflicts");
            assertThat(c).hasSize(1);
            assertThat(c.get(0).get("path").asText()).isEqualTo("shared.txt");
            assertThat(c.get(0).get("kind").asText()).isEqualTo("both-changed");
            assertThat(List.of(
                            c.get(0).get("agents").get(0).asText(),
                            c.get(0).get("agents").get(1).asText()))
                    .isEqualTo(sharers);
            assertThat(h.run("conflicts", "--space", "team").out())
                    .contains("shared.txt", sharers.get(0), sharers.get(1));

            assertThat(h.run("worktree", "merge", loner).exit()).isZero();
            DispatchProcess.Run first = h.run("worktree", "merge", sharers.get(0));
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("merged dispatch/" + sharers.get(0), "shared.txt");
            Map<String, String> before = snapshot(h.repo);
            DispatchProcess.Run second = h.run("worktree", "merge", sharers.get(1));
            assertThat(second.exit()).as("a conflicting merge exits 4").isEqualTo(4);
            assertThat(second.out()).contains("not merged", "shared.txt", "CONFLICT (content)", "nothing was changed");
            assertThat(snapshot(h.repo))
                    .as("index, HEAD, status and files are as before")
                    .isEqualTo(before);
            assertThat(Files.readString(h.repo.resolve("shared.txt")))
                    .contains("edited by " + sharers.get(0))
                    .doesNotContain("edited by " + sharers.get(1))
                    .doesNotContain("<<<<<<<");
            assertThat(Files.readString(h.repo.resolve("a.txt"))).contains("edited by " + loner);

            // never removed with uncommitted changes unless forced
            Path wt = h.repo.resolve(".dispatch/worktrees/" + sharers.get(1));
            Files.writeString(wt.resolve("draft.txt"), "unsaved work\n");
            DispatchProcess.Run refused = h.run("worktree", "remove", sharers.get(1));
            assertThat(refused.exit()).isEqualTo(4);
            assertThat(refused.err()).contains("draft.txt", "--force");
            assertThat(wt.resolve("draft.txt")).exists();
            assertThat(h.run("worktree", "remove", sharers.get(1), "--force").exit())
                    .isZero();
            assertThat(wt).doesNotExist();
            DispatchProcess.Run merged = h.run("worktree", "remove", loner);
            assertThat(merged.exit()).as(merged.err()).isZero();
            assertThat(merged.out()).contains("and branch dispatch/" + loner);
        }
    }

    @Test
    void peekSendAttachAndStopAnAgentInItsOwnTmuxServer() throws Exception {
        try (FleetHome h = FleetHome.create("extp", "")) {
            DispatchProcess.Run spawned =
                    h.run("spawn", "sh1", "--cli", "shell", "--space", "team", "echo started-$((20+1))");
            assertThat(spawned.exit()).as(spawned.err()).isZero();
            Path socket = h.socket("sh1");
            assertThat(FleetHome.tmux(socket, "list-sessions", "-F", "#{session_name}")
                            .strip())
                    .isEqualTo("dispatch-sh1");
            awaitPeek(h, "sh1", "started-21");

            DispatchProcess.Run sent = h.run("send", "sh1", "echo 'sent; $(not run here)' marker-$((6*7))");
            assertThat(sent.exit()).as(sent.err()).isZero();
            assertThat(sent.out()).contains("delivered to sh1");
            awaitPeek(h, "sh1", "marker-42");
            assertThat(h.run("peek", "sh1", "--lines", "3")
                            .out()
                            .strip()
                            .lines()
                            .count())
                    .isLessThanOrEqualTo(3);

            JsonNode token = h.json("peek", "sh1", "--json");
            assertThat(token.get("state").asText()).isIn("working", "idle", "waiting_for_input");
            h.run("send", "sh1", "echo token=${#DISPATCH_AGENT_TOKEN} space=$DISPATCH_SPACE agent=$DISPATCH_AGENT");
            awaitPeek(h, "sh1", "space=team agent=sh1");
            assertThat(h.run("peek", "sh1").out()).containsPattern("token=[1-9][0-9]");

            try (TmuxPane pane = TmuxPane.start(h.home, h.repo, 100, 30, "attach", "sh1")) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String clients = "";
                while (System.nanoTime() < end && clients.isBlank()) {
                    clients = FleetHome.tmux(socket, "list-clients", "-t", "=dispatch-sh1");
                    Thread.sleep(200);
                }
                assertThat(clients)
                        .as("dispatch attach is a client of the agent's own tmux server")
                        .isNotBlank();
            }

            String list = h.run("agent", "list", "--space", "team").out();
            assertThat(list).contains("sh1").containsPattern("sh1 +(working|idle|waiting for input) +shell");
            DispatchProcess.Run stopped = h.run("stop", "sh1", "--grace", "5");
            assertThat(stopped.exit()).as(stopped.err()).isZero();
            assertThat(stopped.out()).contains("stopped sh1: the CLI exited");
            assertThat(h.run("agent", "list", "--space", "team").out()).containsPattern("sh1 +exited");
            DispatchProcess.Run late = h.run("peek", "sh1");
            assertThat(late.exit()).isEqualTo(4);
            assertThat(late.err()).contains("has exited");
            assertThat(h.run("send", "sh1", "hello").exit()).isEqualTo(4);
        }
    }

    @Test
    void aKilledSessionsLeaseExpiresAndAnotherAgentReclaimsTheTask() throws Exception {
        try (FleetHome h = FleetHome.create("extk", "")) {
            String id = h.json(
                            "task",
                            "add",
                            "hold it",
                            "--description",
                            "a.txt",
                            "--queue",
                            "hold",
                            "--lease-seconds",
                            "3",
                            "--space",
                            "team",
                            "--json")
                    .get("task")
                    .get("id")
                    .asText();
            assertThat(h.run("spawn", "holder", "--cli", FleetHome.SCRIPT + " hold hold", "--space", "team")
                            .exit())
                    .isZero();
            h.await(
                    PATIENCE,
                    t -> t.get("task").get("assignee").asText("").equals("holder"),
                    "task",
                    "show",
                    id,
                    "--space",
                    "team",
                    "--json");
            FleetHome.tmux(h.socket("holder"), "kill-server");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String list = "";
            while (System.nanoTime() < end && !list.matches("(?s).*holder +exited.*")) {
                list = h.run("agent", "list", "--space", "team").out();
                Thread.sleep(300);
            }
            assertThat(list).as("a session that is gone reads as exited").containsPattern("holder +exited");
            DispatchProcess.Run r = h.run(
                    "spawn", "rescuer", "--cli", FleetHome.SCRIPT + " work hold", "--worktree", "--space", "team");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode t = h.await(
                    PATIENCE,
                    x -> x.get("task").get("status").asText().equals("done"),
                    "task",
                    "show",
                    id,
                    "--space",
                    "team",
                    "--json");
            assertThat(t.get("task").get("assignee").asText()).isEqualTo("rescuer");
            assertThat(t.get("task").get("attempt").asInt()).isEqualTo(2);
            List<String> kinds = new ArrayList<>();
            for (JsonNode e : t.get("history"))
                kinds.add(e.path("kind").asText() + ":" + e.path("agent").asText(""));
            assertThat(kinds)
                    .containsSubsequence("claimed:holder", "rescued:holder", "claimed:rescuer", "completed:rescuer");
        }
    }

    private static void awaitPeek(FleetHome h, String name, String text) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = "";
        while (System.nanoTime() < end) {
            seen = h.run("peek", name, "--lines", "50").out();
            if (seen.contains(text)) return;
            Thread.sleep(200);
        }
        throw new AssertionError("pane of " + name + " never showed '" + text + "'; it shows:\n" + seen);
    }

    /** HEAD, the index file's hash, git status and every tracked file's content. */
    static Map<String, String> snapshot(Path repo) throws Exception {
        Map<String, String> s = new java.util.TreeMap<>();
        s.put("HEAD", FleetHome.git(repo, "rev-parse", "HEAD").strip());
        s.put(
                "index",
                HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(repo.resolve(".git/index")))));
        s.put("status", FleetHome.git(repo, "status", "--porcelain", "--untracked-files=all"));
        s.put("MERGE_HEAD", String.valueOf(Files.exists(repo.resolve(".git/MERGE_HEAD"))));
        for (String f : new TreeSet<>(FleetHome.git(repo, "ls-files").lines().toList()))
            s.put(f, Files.readString(repo.resolve(f)));
        return s;
    }
}
