package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.shell.ShellSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine side of the language servers: they run with the environment run_shell's commands get
 * (credentials scrubbed by name and by value), and a project is offered the LSP tools only where
 * {@code lsp.enabled} (the navigation ones only where {@code lsp.navigation_tools} too).
 */
class LspModuleTest {
    @TempDir
    Path tmp;

    @Test
    void serversRunWithTheEnvironmentScrubbedAsRunShellsIs() {
        Map<String, String> base = Map.of(
                "PATH", "/usr/bin",
                "FINE", "1",
                "OPENAI_API_KEY", "sk-openai",
                "MY_LLM", "sk-named-in-keys",
                "INNOCENT_LOOKING", "prefix-sk-secret-value",
                "DISPATCH_AGENT_TOKEN", "tok",
                "DB_PASSWORD", "hunter2");
        ShellSettings secrets = new ShellSettings(List.of(), List.of(), Set.of("MY_LLM"), Set.of("sk-secret-value"));
        assertThat(LspModule.serverEnvironment(base, secrets)).containsOnlyKeys("PATH", "FINE");
    }

    @Test
    void aProjectWithLanguageServersOffIsOfferedNoLspTool() throws Exception {
        assertThat(firstRequest("lsp: { enabled: false }\n"))
                .contains("\"read_file\"")
                .doesNotContain("get_diagnostics")
                .doesNotContain("lsp_hover");
        assertThat(firstRequest("lsp: { navigation_tools: false }\n"))
                .contains("\"get_diagnostics\"")
                .contains("\"get_diagnostics_summary\"")
                .doesNotContain("lsp_definition")
                .doesNotContain("lsp_hover");
        assertThat(firstRequest("{}\n")).contains("\"get_diagnostics\"").contains("\"lsp_symbols\"");
    }

    private String firstRequest(String projectConfig) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory(tmp, "p");
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(dir)) {
            fx.env.put("KEY_A", "sk-lsp-test");
            fx.userConfig(
                    """
                    providers:
                      scripted: { type: anthropic, base_url: "%s" }
                    keys:
                      - { id: only, provider: scripted, env: KEY_A }
                    models:
                      - { id: cheap, provider: scripted, name: claude-cheap }
                    default_model: cheap
                    """
                            .formatted(server.baseUrl()));
            EngineFixture.write(fx.project.resolve("dispatch.yaml"), projectConfig);
            fx.open();
            server.replyText("ok");
            var a = fx.submit(
                    SessionOps.StartAgent.of("hi", fx.project.toString()).withPermissionMode("bypass"));
            assertThat(fx.awaitFinished(a.agentId()).status()).isEqualTo(AgentStatus.DONE);
            return server.requests().get(0).body();
        }
    }
}
