package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.Prerequisite;
import dev.dispatch.protocol.Json;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code CLI (npm {@code @anthropic-ai/claude-code}, installed by {@code .ci/run}) started by
 * {@code dispatch spawn} in a tmux session and a worktree, against a scripted model
 * ({@code claude-model.py}: no key, no network). Its Write to a file another agent holds a lock on is
 * denied by the PreToolUse hook spawn installed, with the holder named in the tool result the model
 * gets; through Dispatch's MCP server it takes a lock of its own, as itself; its Write to that file
 * goes through.
 */
class ClaudeCodeAgentTest {
    static final String CATALOG =
            """
            external_clis:
              claude:
                command: [claude, -p, --mcp-config, "{mcp_config}", --permission-mode, acceptEdits, --allowedTools, "mcp__dispatch__lock_acquire"]
                prompt: arg
                exit: /exit
            """;

    @Test
    void theReservationHookDeniesALockedPathAndMcpToolsActAsTheAgent() throws Exception {
        Path bin = peers("claude");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "claude-model");
        Path log = scratch.resolve("results.jsonl");
        Path claudeHome = Files.createDirectories(scratch.resolve("home"));
        Map<String, String> env = Map.of(
                "ANTHROPIC_BASE_URL", "http://127.0.0.1:" + port,
                "ANTHROPIC_API_KEY", "sk-scripted-model",
                "HOME", claudeHome.toString(),
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                "DISABLE_TELEMETRY", "1",
                "DISABLE_AUTOUPDATER", "1");
        Process model = null;
        try (FleetHome h = FleetHome.create("cc", CATALOG, env, List.of(bin))) {
            Path wt = h.repo.resolve(".dispatch/worktrees/c1");
            model = new ProcessBuilder(
                            "python3",
                            Path.of("src/test/resources/dev/dispatch/fleet/claude-model.py")
                                    .toAbsolutePath()
                                    .toString(),
                            Integer.toString(port),
                            log.toString(),
                            wt.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(scratch.resolve("model.out").toFile())
                    .start();
            assertThat(h.run("agent", "register", "holder", "--space", "team").exit())
                    .isZero();
            DispatchProcess.Run lock =
                    h.run("lock", "acquire", "locked.txt", "--agent", "holder", "--ttl", "600", "--space", "team");
            assertThat(lock.exit()).as(lock.err()).isZero();

            DispatchProcess.Run spawn =
                    h.run("spawn", "c1", "--cli", "claude", "--worktree", "--space", "team", "Write the two files");
            assertThat(spawn.exit()).as(spawn.err()).isZero();
            DispatchProcess.Run msg = h.run(
                    "msg", "send", "c1", "please also update NOTES-7f3", "--agent", "operator", "--space", "team");
            assertThat(msg.exit()).as(msg.err()).isZero();
            List<JsonNode> steps = awaitSteps(log, 4, Duration.ofSeconds(150), h);

            assertThat(wt.resolve("locked.txt")).as("the hook denied the Write").doesNotExist();
            assertThat(steps.get(0).get("is_error").asBoolean()).isTrue();
            assertThat(steps.get(0).get("text").asText())
                    .contains("Dispatch:", "locked.txt is reserved by agent holder", "until");
            assertThat(steps.get(0).get("tools").toString())
                    .as("Dispatch's MCP tools reach Claude Code")
                    .contains("mcp__dispatch__lock_acquire", "mcp__dispatch__task_next");
            assertThat(steps.get(1).get("is_error").asBoolean())
                    .as("lock_acquire through MCP: %s", steps.get(1))
                    .isFalse();
            assertThat(steps.get(1).get("text").asText()).contains("free.txt");
            assertThat(steps.get(2).get("is_error").asBoolean()).isFalse();
            assertThat(wt.resolve("free.txt")).hasContent("free");
            JsonNode locks = h.json("lock", "list", "--space", "team", "--json");
            List<String> holders = new ArrayList<>();
            for (JsonNode l : locks.get("locks"))
                holders.add(
                        l.get("agent").asText() + ":" + l.get("patterns").get(0).asText());
            assertThat(holders).containsExactlyInAnyOrder("holder:locked.txt", "c1:free.txt");
            assertThat(Files.readString(h.home.resolve("run/fleet/c1/claude-settings.json")))
                    .contains("PreToolUse", "dispatch hook pre-tool-use");
            assertThat(claudeHome.resolve(".claude/settings.json"))
                    .as("nothing written into the user's own Claude settings")
                    .doesNotExist();
            assertThat(h.run("peek", "c1", "--lines", "200").out()).contains("Done.");
            // the Stop hook pushed the unread message into the session: the model read it (consumed)
            assertThat(steps.get(3).get("user").asText()).contains("please also update NOTES-7f3", "from operator");
        } finally {
            if (model != null) model.destroyForcibly();
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The npm bin directory holding the peer CLI {@code program} ({@code claude}, {@code codex}): DISPATCH_PEERS_NPM,
     * else ~/.cache/dispatch-bench/peers, where .ci/run installs both.
     */
    static Path peers(String program) {
        String dir = System.getenv()
                .getOrDefault("DISPATCH_PEERS_NPM", System.getProperty("user.home") + "/.cache/dispatch-bench/peers");
        Path bin = Path.of(dir, "node_modules", ".bin");
        if (!Files.isExecutable(bin.resolve(program)))
            Prerequisite.missing(
                    "DISPATCH_REQUIRE_PEERS",
                    program + " is not installed in " + bin + " (npm install --prefix " + dir
                            + " @anthropic-ai/claude-code @openai/codex)");
        return bin;
    }

    private static List<JsonNode> awaitSteps(Path log, int n, Duration limit, FleetHome h) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        List<JsonNode> steps = new ArrayList<>();
        while (System.nanoTime() < end) {
            steps.clear();
            if (Files.exists(log))
                for (String line : Files.readAllLines(log))
                    steps.add(Json.mapper().readTree(line));
            if (steps.size() >= n) return steps;
            Thread.sleep(500);
        }
        throw new AssertionError("Claude Code sent " + steps.size() + " of " + n + " tool results in " + limit + ": "
                + steps + "\npane:\n" + h.run("peek", "c1", "--lines", "80").out());
    }
}
