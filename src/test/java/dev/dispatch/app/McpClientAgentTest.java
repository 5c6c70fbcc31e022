package dev.dispatch.app;

import static dev.dispatch.app.McpServersFixture.everythingJs;
import static dev.dispatch.app.McpServersFixture.filesystemJs;
import static dev.dispatch.app.McpServersFixture.process;
import static dev.dispatch.app.McpServersFixture.result;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, client side, through the real engine and real MCP servers from npm: an agent driven by the
 * scripted model calls tools of server-filesystem and server-everything over stdio, and of the everything
 * server over Streamable HTTP, each first call asked through the permission prompt (once, session) and an
 * {@code mcp:} deny rule refusing without asking; a server killed mid-call or hanging past its timeout is a
 * clear tool error, and the next call starts it again; closing the engine kills the servers.
 */
class McpClientAgentTest {
    @TempDir
    Path tmp;

    private static String servers(String extra) {
        return """
                mcp_servers:
                  fs: { command: node, args: ["%s", "%%s"] }
                  ev: { command: node, args: ["%s", "stdio"], timeout: 20s }
                %s
                """
                .formatted(filesystemJs(), everythingJs(), extra);
    }

    @Test
    void anAgentCallsStdioServersToolsAfterThePermissionPrompt() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            Path project = fx.project.toRealPath();
            Files.writeString(project.resolve("hello.txt"), "hello from the project");
            TreeScript.config(
                    fx,
                    server,
                    servers("permissions: { deny: [\"mcp:ev__get-*\"] }").formatted(project));
            fx.open();
            server.forConversation("MCP")
                    .replyToolCalls(tool(
                            "fs__read_text_file",
                            "path",
                            project.resolve("hello.txt").toString()))
                    .replyToolCalls(tool("ev__echo", "message", "hi there"))
                    .replyToolCalls(tool("ev__echo", "message", "again"))
                    .replyToolCalls(tool("ev__get-sum", "a", 1, "b", 2))
                    .replyText("done");
            var agent = fx.submit(
                    SessionOps.StartAgent.of("MCP use", project.toString()).withPermissionMode("ask"));
            var first = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.agentId().equals(agent.agentId()));
            assertThat(first.tool()).isEqualTo("fs__read_text_file");
            assertThat(first.operation()).isEqualToIgnoringCase("mcp");
            assertThat(first.reason()).contains("fs__read_text_file");
            fx.submit(new SessionOps.ReplyPermission(first.requestId(), PermissionAnswer.ONCE, ""));
            var second = fx.await(
                    RuntimeEvents.PermissionRequested.class,
                    p -> p.agentId().equals(agent.agentId()) && p.tool().equals("ev__echo"));
            fx.submit(new SessionOps.ReplyPermission(second.requestId(), PermissionAnswer.SESSION, ""));
            assertThat(fx.awaitFinished(agent.agentId()).status()).isEqualTo(AgentStatus.DONE);

            // the model was offered the servers' tools, namespaced, with their schemas
            List<String> offered = SummonAgentTest.toolsOffered(server, "MCP use");
            assertThat(offered).contains("fs__read_text_file", "fs__list_directory", "ev__echo", "ev__get-sum");
            assertThat(server.requests().get(0).body())
                    .contains("Echoes back the input string")
                    .contains("\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]")
                    .doesNotContain("$schema");
            // the calls' results came back from the real servers
            assertThat(result(fx, agent.agentId(), "fs__read_text_file", 0).result())
                    .contains("hello from the project");
            assertThat(result(fx, agent.agentId(), "ev__echo", 0).result()).contains("Echo: hi there");
            // the session grant covers the second echo: two prompts in all
            var again = result(fx, agent.agentId(), "ev__echo", 1);
            assertThat(again.failed()).isFalse();
            assertThat(again.result()).contains("Echo: again");
            // the deny rule refuses without asking
            var denied = result(fx, agent.agentId(), "ev__get-sum", 0);
            assertThat(denied.failed()).isTrue();
            assertThat(denied.result()).contains("mcp:ev__get-*");
            assertThat(fx.of(RuntimeEvents.PermissionRequested.class)).hasSize(2);
            assertThat(process("server-everything")).isPresent();
        }
        // closing the engine killed the servers
        waitGone("server-everything");
        waitGone("server-filesystem");
    }

    @Test
    void aServerKilledMidCallIsAToolErrorAndStartsAgainOnTheNextCall() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            Path project = fx.project.toRealPath();
            TreeScript.config(fx, server, servers("").formatted(project));
            fx.open();
            server.forConversation("KILL")
                    .replyToolCalls(tool("ev__trigger-long-running-operation", "duration", 30, "steps", 30))
                    .replyToolCalls(tool("ev__echo", "message", "back"))
                    .replyText("done");
            var agent = fx.submit(
                    SessionOps.StartAgent.of("KILL it", project.toString()).withPermissionMode("bypass"));
            fx.await(RuntimeEvents.ToolCallStarted.class, s -> s.tool().startsWith("ev__trigger"));
            Thread.sleep(500);
            ProcessHandle victim = process("server-everything").orElseThrow();
            Instant killed = Instant.now();
            victim.destroyForcibly();
            assertThat(fx.awaitFinished(agent.agentId()).status()).isEqualTo(AgentStatus.DONE);
            var broken = result(fx, agent.agentId(), "ev__trigger-long-running-operation", 0);
            assertThat(broken.failed()).isTrue();
            assertThat(broken.result())
                    .contains("MCP server 'ev'")
                    .contains("exited")
                    .contains("started again on the next call");
            var back = result(fx, agent.agentId(), "ev__echo", 0);
            assertThat(back.failed()).isFalse();
            assertThat(back.result()).contains("Echo: back");
            assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(20));
            assertThat(process("server-everything").orElseThrow().pid()).isNotEqualTo(victim.pid());
        }
    }

    @Test
    void aHangingCallEndsAtTheServersTimeout() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(
                    fx,
                    server,
                    """
                    mcp_servers:
                      slow: { command: node, args: ["%s", "stdio"], timeout: 3s }
                    """
                            .formatted(everythingJs()));
            fx.open();
            server.forConversation("HANG")
                    .replyToolCalls(tool("slow__trigger-long-running-operation", "duration", 60, "steps", 2))
                    .replyToolCalls(tool("slow__echo", "message", "still here"))
                    .replyText("done");
            Instant t0 = Instant.now();
            var agent = fx.submit(
                    SessionOps.StartAgent.of("HANG on", fx.project.toString()).withPermissionMode("bypass"));
            var started =
                    fx.await(RuntimeEvents.ToolCallStarted.class, s -> s.tool().startsWith("slow__trigger"));
            ProcessHandle stuck = process("server-everything").orElseThrow();
            var hung =
                    fx.await(RuntimeEvents.ToolCallFinished.class, f -> f.tool().startsWith("slow__trigger"));
            Duration took = Duration.between(t0, Instant.now());
            assertThat(hung.failed()).isTrue();
            assertThat(hung.result())
                    .contains("no answer to tools/call within 3 s")
                    .contains("stopped");
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(fx.awaitFinished(agent.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(result(fx, agent.agentId(), "slow__echo", 0).result()).contains("Echo: still here");
            assertThat(stuck.isAlive()).isFalse();
            assertThat(started).isNotNull();
        }
    }

    @Test
    void anAgentCallsAToolOfAnHttpServer() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                McpServersFixture.HttpEverything http = new McpServersFixture.HttpEverything();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(
                    fx,
                    server,
                    """
                    mcp_servers:
                      web: { url: "%s", headers: ["X-Test: yes"] }
                    """
                            .formatted(http.url()));
            fx.open();
            server.forConversation("HTTP")
                    .replyToolCalls(tool("web__get-sum", "a", 20, "b", 22))
                    .replyText("done");
            var agent = fx.submit(
                    SessionOps.StartAgent.of("HTTP call", fx.project.toString()).withPermissionMode("ask"));
            var asked = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.agentId().equals(agent.agentId()));
            assertThat(asked.tool()).isEqualTo("web__get-sum");
            fx.submit(new SessionOps.ReplyPermission(asked.requestId(), PermissionAnswer.ONCE, ""));
            assertThat(fx.awaitFinished(agent.agentId()).status()).isEqualTo(AgentStatus.DONE);
            var sum = result(fx, agent.agentId(), "web__get-sum", 0);
            assertThat(sum.failed()).isFalse();
            assertThat(sum.result()).contains("42");
        }
    }

    static void waitGone(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (process(marker).isPresent() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(process(marker))
                .as("a %s process after the engine closed", marker)
                .isEmpty();
    }
}
