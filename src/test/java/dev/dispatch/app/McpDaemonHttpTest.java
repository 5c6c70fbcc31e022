package dev.dispatch.app;

import static dev.dispatch.app.McpServersFixture.result;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch's own daemon as the HTTP MCP server of another engine's agent: the user config names its
 * {@code /mcp} with the bearer token read from the environment ({@code ${DSP_TOKEN}}); the agent's
 * {@code dsp__task_add} lands in the daemon's queue under the token's agent. No token: the server fails
 * to start and {@code mcp list} says why.
 */
class McpDaemonHttpTest {
    @TempDir
    Path tmp;

    @Test
    void anAgentUsesTheDaemonsMcpEndpointWithATokenFromTheEnvironment() throws Exception {
        Dirs daemonDirs =
                Dirs.resolve(Map.of("DISPATCH_HOME", tmp.resolve("daemon-home").toString()));
        Daemon daemon = Daemon.start(
                daemonDirs,
                new ServerConfig(daemonDirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        try (RemoteEngine operator = Daemons.find(daemonDirs, Map.of()).orElseThrow();
                ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            String token = operator.submit(new AgentOps.RegisterAgent("m", "helper", null, null, null, null, null))
                    .token();
            fx.env.put("DSP_TOKEN", token);
            TreeScript.config(
                    fx,
                    server,
                    """
                    mcp_servers:
                      dsp: { url: "http://127.0.0.1:%d/mcp", headers: ["Authorization: Bearer ${DSP_TOKEN}"] }
                    """
                            .formatted(daemon.port()));
            fx.open();
            server.forConversation("DSP")
                    .replyToolCalls(tool("dsp__task_add", "title", "queued by another engine's agent"))
                    .replyText("done");
            var agent = fx.submit(
                    SessionOps.StartAgent.of("DSP work", fx.project.toString()).withPermissionMode("bypass"));
            assertThat(fx.awaitFinished(agent.agentId()).status()).isEqualTo(AgentStatus.DONE);
            var added = result(fx, agent.agentId(), "dsp__task_add", 0);
            assertThat(added.failed()).as(added.result()).isFalse();
            var tasks = operator.submit(new TaskOps.ListTasks("m", null, null, null, null))
                    .tasks();
            assertThat(tasks).anySatisfy(t -> assertThat(t.title()).isEqualTo("queued by another engine's agent"));

            // the same server with a wrong token does not start, and says so
            fx.env.put("DSP_TOKEN", "dsp_wrong");
            fx.restart();
            var row = fx.submit(new dev.dispatch.protocol.McpOps.ListMcpServers(fx.project.toString()))
                    .servers()
                    .get(0);
            assertThat(row.status()).isEqualTo("failed");
            assertThat(row.detail()).contains("HTTP 401");
        } finally {
            daemon.stop();
        }
    }
}
