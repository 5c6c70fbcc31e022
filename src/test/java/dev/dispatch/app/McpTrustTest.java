package dev.dispatch.app;

import static dev.dispatch.app.McpServersFixture.filesystemJs;
import static dev.dispatch.app.McpServersFixture.processes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.McpOps;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server a project's dispatch.yaml declares is code the repository wants to run: it never starts (no
 * process, no tools offered) until {@code mcp trust} approved that exact command line for that project;
 * a changed command line is untrusted again; a project cannot put credentials in its env or headers.
 */
class McpTrustTest {
    @TempDir
    Path tmp;

    @Test
    void aProjectServerStartsOnlyOnceTrustedAsDeclared() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            Path project = fx.project.toRealPath();
            Path marker = Files.createDirectories(tmp.resolve("pfs-marker-dir")).toRealPath();
            TreeScript.config(fx, server, "");
            Path yaml = project.resolve("dispatch.yaml");
            Files.writeString(yaml, declared(project, marker, ""));
            fx.open();
            String cwd = project.toString();

            McpOps.McpServerRow row = only(fx.submit(new McpOps.ListMcpServers(cwd)));
            assertThat(row.status()).isEqualTo("untrusted");
            assertThat(row.trusted()).isFalse();
            assertThat(row.declaredIn()).isEqualTo("project");
            assertThat(row.target()).contains("node").contains(marker.toString());
            assertThat(row.detail()).contains("dispatch mcp trust pfs");

            // an agent in that project: no tools of it, and no process started
            server.forConversation("UNTRUSTED").replyText("ok");
            var agent = fx.start("UNTRUSTED work");
            assertThat(fx.awaitFinished(agent.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(SummonAgentTest.toolsOffered(server, "UNTRUSTED")).noneMatch(t -> t.startsWith("pfs__"));
            assertThat(processes(marker.toString())).isEmpty();

            assertThat(fx.submit(new McpOps.TrustMcpServer(cwd, "pfs")).detail())
                    .contains("trusted MCP server 'pfs'");
            row = only(fx.submit(new McpOps.ListMcpServers(cwd)));
            assertThat(row.trusted()).isTrue();
            assertThat(row.status()).as(row.detail()).isEqualTo("running");
            assertThat(row.tools()).extracting(McpOps.McpToolRow::name).contains("pfs__read_text_file");
            assertThat(processes(marker.toString())).hasSize(1);

            // the same declaration in another project is not trusted there
            Path other = Files.createDirectories(tmp.resolve("other"));
            Files.createDirectories(other.resolve(".git"));
            Files.writeString(other.resolve("dispatch.yaml"), declared(project, marker, ""));
            assertThat(only(fx.submit(new McpOps.ListMcpServers(other.toString())))
                            .status())
                    .isEqualTo("untrusted");

            // a changed command line needs a new approval
            Files.writeString(yaml, declared(project, marker, ", \"" + tmp + "\""));
            ProjectConfigsReload.await(fx, cwd, "untrusted");
            fx.submit(new McpOps.TrustMcpServer(cwd, "pfs"));
            assertThat(only(fx.submit(new McpOps.ListMcpServers(cwd))).status()).isEqualTo("running");

            assertThatThrownBy(() -> fx.submit(new McpOps.TrustMcpServer(cwd, "nope")))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("no MCP server 'nope'")
                    .hasMessageContaining("pfs");
        }
        McpClientAgentTest.waitGone("pfs-marker-dir");
    }

    @Test
    void aProjectCannotPutCredentialsInAServersEnvOrHeaders() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            Path yaml = fx.project.resolve("dispatch.yaml");
            fx.open();
            String cwd = fx.project.toString();
            for (String bad : new String[] {
                "gh: { command: gh-mcp, env: [\"GITHUB_TOKEN=ghp_123\"] }",
                "web: { url: \"https://example.com/mcp\", headers: [\"Authorization: Bearer abc\"] }",
                "web: { url: \"https://example.com/mcp\", headers: [\"X-Api-Key: abc\"] }"
            }) {
                Files.writeString(yaml, "mcp_servers:\n  " + bad + "\n");
                assertThatThrownBy(() -> fx.submit(new McpOps.ListMcpServers(cwd)))
                        .as(bad)
                        .hasMessageContaining("carries a credential")
                        .hasMessageContaining("must not hold secrets");
            }
            for (String bad : new String[] {
                "x: { url: \"https://example.com/mcp\", command: foo }",
                "x: { args: [a] }",
                "x: { url: \"ftp://example.com\" }",
                "x: { command: foo, env: [\"NOT A PAIR\"] }"
            }) {
                Files.writeString(yaml, "mcp_servers:\n  " + bad + "\n");
                assertThatThrownBy(() -> fx.submit(new McpOps.ListMcpServers(cwd)))
                        .as(bad)
                        .isInstanceOf(EngineException.class);
            }
            // harmless values are fine in a project
            Files.writeString(
                    yaml, "mcp_servers:\n  ok: { command: foo, env: [\"LOG_LEVEL=debug\"], enabled: false }\n");
            McpOps.McpServerRow row = only(fx.submit(new McpOps.ListMcpServers(cwd)));
            assertThat(row.status()).isEqualTo("disabled");
        }
    }

    @Test
    void aProjectCannotTakeOverAUserServerByItsName() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            Path project = fx.project.toRealPath();
            Path marker =
                    Files.createDirectories(tmp.resolve("takeover-marker")).toRealPath();
            TreeScript.config(
                    fx,
                    server,
                    "mcp_servers:\n  pfs: { command: node, args: [\"" + filesystemJs() + "\", \"" + project
                            + "\"] }\n");
            // the user's own server is trusted as it is
            fx.open();
            assertThat(only(fx.submit(new McpOps.ListMcpServers(project.toString())))
                            .status())
                    .isEqualTo("running");
            // the repository redefines it under the same name: it is the project's now, and untrusted
            Files.writeString(project.resolve("dispatch.yaml"), declared(project, marker, ""));
            McpOps.McpServerRow row = only(fx.submit(new McpOps.ListMcpServers(project.toString())));
            assertThat(row.declaredIn()).isEqualTo("project");
            assertThat(row.status()).isEqualTo("untrusted");
            assertThat(processes(marker.toString())).isEmpty();
        }
    }

    private static String declared(Path project, Path marker, String extraArgs) {
        return """
                mcp_servers:
                  pfs: { command: node, args: ["%s", "%s", "%s"%s] }
                """
                .formatted(filesystemJs(), project, marker, extraArgs);
    }

    private static McpOps.McpServerRow only(McpOps.McpServersResult r) {
        assertThat(r.servers()).hasSize(1);
        return r.servers().get(0);
    }

    /** Waits until the project config (reloaded by the watcher or at the next read) shows the status. */
    static final class ProjectConfigsReload {
        static void await(EngineFixture fx, String cwd, String status) throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            String seen = "";
            while (System.nanoTime() < deadline) {
                seen = fx.submit(new McpOps.ListMcpServers(cwd))
                        .servers()
                        .get(0)
                        .status();
                if (seen.equals(status)) return;
                Thread.sleep(100);
            }
            throw new AssertionError("status stayed " + seen + ", expected " + status);
        }
    }
}
