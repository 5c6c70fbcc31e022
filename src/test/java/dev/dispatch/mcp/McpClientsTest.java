package dev.dispatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.TaskOps;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official TypeScript SDK client drives Dispatch's MCP server as two agents at once
 * (src/test/resources/mcp/coordination.mjs): over stdio, spawning the real {@code dispatch mcp serve}
 * per agent (with a daemon as the owner, and with none: each call opens the store), and over Streamable
 * HTTP against a real daemon's /mcp. Initialize, list tools, claims from one queue without a double
 * claim, lock, message, approval (decided by the CLI while the agent waits) and knowledge round trips.
 */
class McpClientsTest {
    private static final String SPACE = "mcp";
    private static final int TASKS = 12;

    Path home;
    Dirs dirs;
    Daemon daemon;

    @BeforeEach
    void home() throws Exception {
        NpmMcp.require("@modelcontextprotocol/sdk");
        home = Files.createTempDirectory(Path.of("/tmp"), "mc-");
        dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
    }

    @AfterEach
    void clean() throws Exception {
        if (daemon != null) daemon.stop();
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void startDaemon() {
        daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
    }

    /** Registers two agents (through the owner, or in-process) and returns name → token. */
    private Map<String, String> agents() {
        Map<String, String> tokens = new LinkedHashMap<>();
        try (var engine = daemon != null
                ? Daemons.find(dirs, Map.of())
                        .<dev.dispatch.protocol.Engine>map(e -> e)
                        .orElseThrow()
                : dev.dispatch.app.Engines.local(dirs, Map.of())) {
            for (String name : List.of("worker-a", "worker-b")) {
                tokens.put(
                        name,
                        engine.submit(new AgentOps.RegisterAgent(SPACE, name, null, null, null, null, null))
                                .token());
            }
        }
        return tokens;
    }

    private Map<String, Object> config(String mode, Map<String, String> tokens) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("mode", mode);
        cfg.put("space", SPACE);
        cfg.put("tasks", TASKS);
        cfg.put(
                "command",
                List.of(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.dispatch.Main"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISPATCH_HOME", home.toString());
        env.put("DISPATCH_NO_DAEMON", "1"); // a test never leaves an auto-started daemon behind
        env.put("PATH", System.getenv("PATH"));
        cfg.put("env", env);
        cfg.put(
                "agents",
                tokens.entrySet().stream()
                        .map(e -> Map.of("name", e.getKey(), "token", e.getValue()))
                        .toList());
        if (daemon != null) cfg.put("url", "http://127.0.0.1:" + daemon.port() + "/mcp");
        return cfg;
    }

    private String drive(String mode, Map<String, String> tokens) throws Exception {
        String cfg = Json.mapper().writeValueAsString(config(mode, tokens));
        NpmMcp.Run r = NpmMcp.node(home, "coordination.mjs", List.of(cfg), 240);
        assertThat(r.exit()).as("node said:\n%s\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).startsWith("OK ");
        System.out.println("coordination.mjs " + mode + ": " + r.out().strip());
        return r.out();
    }

    /** The engine's own view afterwards: every task done exactly once, split between the two agents. */
    private void everyTaskDoneOnce() {
        try (var engine = daemon != null
                ? Daemons.find(dirs, Map.of())
                        .<dev.dispatch.protocol.Engine>map(e -> e)
                        .orElseThrow()
                : dev.dispatch.app.Engines.local(dirs, Map.of())) {
            var tasks = engine.submit(new TaskOps.ListTasks(SPACE, null, "q", null, 1000))
                    .tasks();
            assertThat(tasks).hasSize(TASKS);
            assertThat(tasks).allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(TaskOps.Status.done);
                assertThat(t.attempt()).isEqualTo(1);
                assertThat(t.result()).isEqualTo("done by " + t.assignee());
            });
        }
    }

    @Test
    void stdioThroughARunningOwner() throws Exception {
        startDaemon();
        String out = drive("stdio", agents());
        assertThat(out).contains("\"tools\":21").contains("\"approval\":\"ok\"");
        everyTaskDoneOnce();
    }

    @Test
    void stdioWithNoOwnerOpensTheStorePerCall() throws Exception {
        String out = drive("stdio", agents());
        assertThat(out).contains("\"lock\":\"ok\"").contains("\"message\":\"ok\"");
        everyTaskDoneOnce();
    }

    @Test
    void streamableHttpOnTheDaemon() throws Exception {
        startDaemon();
        String out = drive("http", agents());
        assertThat(out).contains("\"protocolVersion\":\"2025-11-25\"").contains("\"terminated\":true");
        everyTaskDoneOnce();
    }
}
