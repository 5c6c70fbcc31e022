package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The real Codex CLI (npm {@code @openai/codex}, installed by {@code .ci/run}) started by {@code dispatch
 * spawn --cli codex} with the built-in catalog entry (the exec channel: one {@code codex exec --json} run
 * per prompt, resuming one session) against a scripted model ({@code codex-model.py}: no key, no
 * network). Through Dispatch's MCP server it takes a lock as itself; {@code dispatch send} starts the next
 * prompt in the same Codex session (accepted by Codex, consumed by the model), a prompt sent while a turn
 * runs is queued and runs after it, and an unread Dispatch message is pushed as a prompt when it is idle.
 */
class CodexAgentTest {
    @Test
    void promptsResumeOneCodexSessionAndMcpToolsActAsTheAgent() throws Exception {
        Path bin = ClaudeCodeAgentTest.peers("codex");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "codex-model");
        Path log = scratch.resolve("requests.jsonl");
        Path codexHome = Files.createDirectories(scratch.resolve("codex"));
        Map<String, String> env = Map.of(
                "CODEX_HOME", codexHome.toString(),
                "HOME", Files.createDirectories(scratch.resolve("home")).toString(),
                "SCRIPTED_KEY", "sk-scripted-model");
        Process model = null;
        try (FleetHome h = FleetHome.create("cx", "", env, List.of(bin))) {
            Path wt = h.repo.resolve(".dispatch/worktrees/x1");
            Files.writeString(
                    codexHome.resolve("config.toml"),
                    """
                    model = "gpt-scripted"
                    model_provider = "scripted"
                    approval_policy = "never"
                    sandbox_mode = "danger-full-access"
                    [model_providers.scripted]
                    name = "scripted"
                    base_url = "http://127.0.0.1:%d/v1"
                    wire_api = "responses"
                    env_key = "SCRIPTED_KEY"
                    [projects."%s"]
                    trust_level = "trusted"
                    """
                            .formatted(port, wt));
            model = new ProcessBuilder(
                            "python3",
                            Path.of("src/test/resources/dev/dispatch/fleet/codex-model.py")
                                    .toAbsolutePath()
                                    .toString(),
                            Integer.toString(port),
                            log.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(scratch.resolve("model.out").toFile())
                    .start();

            DispatchProcess.Run spawn =
                    h.run("spawn", "x1", "--cli", "codex", "--worktree", "--space", "team", "Take the lock first");
            assertThat(spawn.exit()).as(spawn.err()).isZero();
            List<JsonNode> reqs = awaitRequests(log, r -> r.size() >= 3, h);
            assertThat(reqs.get(0).get("user").asText()).isEqualTo("Take the lock first");
            assertThat(reqs.get(0).get("tools").toString())
                    .as("Dispatch's MCP tools reach Codex")
                    .contains("lock_acquire", "task_next", "msg_inbox");
            assertThat(reqs.get(1).get("output").asText())
                    .as("lock_acquire through MCP: %s", reqs.get(1))
                    .contains("granted", "free.txt");
            JsonNode locks = h.json("lock", "list", "--space", "team", "--json");
            assertThat(locks.get("locks").get(0).get("agent").asText()).isEqualTo("x1");
            assertThat(wt.resolve("free.txt")).hasContent("free");
            JsonNode first = awaitTurn(h, 1, "completed");
            assertThat(first.get("acceptedAt").isNull()).isFalse();
            assertThat(first.get("consumedAt").isNull()).isFalse();

            DispatchProcess.Run send = h.run("send", "x1", "please also update NOTES-7f3", "--space", "team");
            assertThat(send.exit()).as(send.out() + send.err()).isZero();
            assertThat(send.out()).contains("delivered to x1", "turn 2 accepted");
            reqs = awaitRequests(log, r -> r.size() >= 6, h);
            assertThat(reqs.get(3).get("user").asText()).isEqualTo("please also update NOTES-7f3");
            assertThat(reqs.get(3).get("users").asInt())
                    .as("the same Codex session, resumed")
                    .isEqualTo(2);
            awaitTurn(h, 2, "completed");

            DispatchProcess.Run msg =
                    h.run("msg", "send", "x1", "please rebase on main 9c2", "--agent", "operator", "--space", "team");
            assertThat(msg.exit()).as(msg.err()).isZero();
            reqs = awaitRequests(log, r -> r.size() >= 9, h);
            assertThat(reqs.get(6).get("user").asText())
                    .as("the unread message was pushed as the next prompt")
                    .contains("please rebase on main 9c2", "from operator");
            assertThat(reqs.get(6).get("users").asInt()).isEqualTo(3);
            JsonNode pushed = awaitTurn(h, 3, "completed");
            assertThat(pushed.get("source").asText()).isEqualTo("messages");

            DispatchProcess.Run slow = h.run("send", "x1", "SLOW one", "--space", "team");
            assertThat(slow.exit()).as(slow.out() + slow.err()).isZero();
            DispatchProcess.Run queued = h.run("send", "x1", "after the slow one", "--space", "team", "--json");
            assertThat(queued.exit()).as(queued.out() + queued.err()).isZero();
            assertThat(Json.mapper().readTree(queued.out()).get("state").asText())
                    .isEqualTo("queued");
            reqs = awaitRequests(log, r -> r.size() >= 15, h);
            assertThat(reqs.get(9).get("user").asText()).isEqualTo("SLOW one");
            assertThat(reqs.get(12).get("user").asText()).isEqualTo("after the slow one");
            assertThat(reqs.get(12).get("users").asInt()).isEqualTo(5);
            awaitTurn(h, 5, "completed");
            assertThat(h.run("peek", "x1", "--lines", "200").out()).contains("turn.completed");
            DispatchProcess.Run stop = h.run("stop", "x1", "--space", "team");
            assertThat(stop.exit()).as(stop.err()).isZero();
        } finally {
            if (model != null) model.destroyForcibly();
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Turn {@code n} of agent x1 once 'agent list' shows it as its last turn in {@code state}; returned as the
     * owner's record of it (with the times it was accepted and consumed).
     */
    private static JsonNode awaitTurn(FleetHome h, int n, String state) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String text = "";
        while (System.nanoTime() < end) {
            text = h.run("agent", "list", "--space", "team").out();
            if (text.lines()
                    .anyMatch(l -> l.startsWith("x1 ") && l.contains(" exec ") && l.contains(" " + n + " " + state)))
                break;
            Thread.sleep(300);
        }
        assertThat(text).as("turn %d %s", n, state).containsPattern("x1 .* exec +" + n + " " + state);
        JsonNode record =
                Json.mapper().readTree(h.home.resolve("data/fleet/x1.json").toFile());
        for (JsonNode t : record.path("turns")) if (t.path("number").asInt() == n) return t;
        throw new AssertionError("no turn " + n + " in " + record);
    }

    private static List<JsonNode> awaitRequests(Path log, Predicate<List<JsonNode>> done, FleetHome h)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<JsonNode> reqs = new ArrayList<>();
        while (System.nanoTime() < end) {
            reqs.clear();
            if (Files.exists(log))
                for (String line : Files.readAllLines(log))
                    reqs.add(Json.mapper().readTree(line));
            if (done.test(reqs)) return reqs;
            Thread.sleep(300);
        }
        throw new AssertionError("Codex made " + reqs.size() + " model requests: " + reqs + "\nagents:\n"
                + h.run("agent", "list", "--space", "team", "--json").out() + "\npane:\n"
                + h.run("peek", "x1", "--lines", "80").out());
    }
}
