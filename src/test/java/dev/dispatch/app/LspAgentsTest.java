package dev.dispatch.app;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.lsp.LspServers;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.LspEvents;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents driven by the scripted model against real language servers: one agent's edit introduces a
 * type error and its edit_file result names it; {@code lsp diagnostics} shows it; a second agent's
 * get_diagnostics returns it (the same server process: shared); the fix resolves it.
 */
class LspAgentsTest {
    @TempDir
    Path tmp;

    /** A project file, its good and bad text (as JSON-safe edit strings), and what the error says. */
    record Case(
            String server,
            String command,
            String install,
            String file,
            String setupFile,
            String setup,
            String good,
            String bad,
            String message) {}

    @Test
    void typescript() throws Exception {
        run(new Case(
                "typescript",
                "typescript-language-server",
                "npm typescript-language-server typescript",
                "src/a.ts",
                "tsconfig.json",
                "{\"compilerOptions\":{\"strict\":true}}\n",
                "export const n: number = 1;",
                "export const n: number = true;",
                "not assignable to type"));
    }

    @Test
    void python() throws Exception {
        run(new Case(
                "python",
                "pylsp",
                "Debian package python3-pylsp and python3-pyflakes",
                "pkg/app.py",
                "pyproject.toml",
                "[project]\nname = \"x\"\n",
                "    return 1",
                "    return undefined_name",
                "undefined name"));
    }

    @Test
    void clangd() throws Exception {
        run(new Case(
                "clangd",
                "clangd",
                "Debian package clangd",
                "main.c",
                "compile_flags.txt",
                "-Wall\n",
                "    int x = 1;",
                "    int x = missing;",
                "undeclared identifier"));
    }

    private void run(Case c) throws Exception {
        LspServers.require(c.command(), c.install());
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            fx.env.put("KEY_A", "sk-lsp-test");
            fx.env.put("PATH", LspServers.env().get("PATH"));
            fx.userConfig(
                    """
                    providers:
                      scripted: { type: anthropic, base_url: "%s" }
                    keys:
                      - { id: only, provider: scripted, env: KEY_A }
                    models:
                      - { id: cheap, provider: scripted, name: claude-cheap }
                    default_model: cheap
                    lsp: { diagnostics_timeout: 30s }
                    """
                            .formatted(server.baseUrl()));
            EngineFixture.write(fx.project.resolve(c.setupFile()), c.setup());
            String body =
                    switch (c.server()) {
                        case "python" -> "def f():\n" + c.good() + "\n";
                        case "clangd" -> "int main(void) {\n" + c.good() + "\n    return x;\n}\n";
                        default -> c.good() + "\n";
                    };
            EngineFixture.write(fx.project.resolve(c.file()), body);
            fx.open();
            String root = fx.project.toRealPath().toString();

            // agent 1 reads the file, then breaks it: its edit result names the new error
            server.reply(ScriptedReply.toolCalls(call("r1", "read_file", json("path", c.file()))))
                    .reply(ScriptedReply.toolCalls(call("e1", "edit_file", edit(c.file(), c.good(), c.bad()))))
                    .replyText("edited");
            var one = fx.submit(
                    SessionOps.StartAgent.of("break it", fx.project.toString()).withPermissionMode("bypass"));
            assertThat(fx.awaitFinished(one.agentId()).status()).isEqualTo(AgentStatus.DONE);
            String editResult = server.requests().get(2).body();
            assertThat(editResult)
                    .contains("diagnostics for " + c.file() + ": 1 new, 0 resolved")
                    .contains(c.message());

            // the face: lsp diagnostics for the file and for the project
            LspOps.DiagnosticsResult shown = fx.submit(new LspOps.LspDiagnostics(fx.project.toString(), c.file()));
            assertThat(shown.errors()).isEqualTo(1);
            assertThat(shown.diagnostics().get(0).file()).isEqualTo(c.file());
            assertThat(shown.diagnostics().get(0).message()).contains(c.message());
            assertThat(fx.submit(new LspOps.LspDiagnostics(fx.project.toString(), null))
                            .errors())
                    .isEqualTo(1);
            LspOps.StatusResult status = fx.submit(new LspOps.LspStatus(fx.project.toString()));
            LspOps.ServerRow row = status.servers().stream()
                    .filter(s -> s.name().equals(c.server()))
                    .findFirst()
                    .orElseThrow();
            assertThat(row.state()).isEqualTo("running");
            Long pid = row.pid();
            assertThat(pid).isNotNull();
            assertThat(fx.of(LspEvents.LspDiagnosticsChanged.class))
                    .anyMatch(e -> e.file().equals(c.file())
                            && e.errors() == 1
                            && e.projectRoot().equals(root));

            // agent 2 asks get_diagnostics and sees agent 1's error, from the same server process
            server.reply(ScriptedReply.toolCalls(call("d2", "get_diagnostics", "{}")))
                    .replyText("seen");
            var two = fx.submit(
                    SessionOps.StartAgent.of("check", fx.project.toString()).withPermissionMode("bypass"));
            assertThat(fx.awaitFinished(two.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(server.requests().get(4).body()).contains(c.file() + ":").contains(c.message());

            // agent 2 fixes it: resolved in its edit result, gone everywhere
            server.reply(ScriptedReply.toolCalls(call("e3", "edit_file", edit(c.file(), c.bad(), c.good()))))
                    .replyText("fixed");
            var three = fx.submit(
                    SessionOps.StartAgent.of("fix it", fx.project.toString()).withPermissionMode("bypass"));
            assertThat(fx.awaitFinished(three.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(server.requests().get(6).body()).contains("0 new, 1 resolved; now 0 errors");
            assertThat(fx.submit(new LspOps.LspDiagnostics(fx.project.toString(), c.file()))
                            .errors())
                    .isZero();
            LspOps.StatusResult after = fx.submit(new LspOps.LspStatus(fx.project.toString()));
            assertThat(after.servers().stream().filter(s -> s.name().equals(c.server())))
                    .singleElement()
                    .satisfies(s ->
                            assertThat(s.pid()).as("one shared server process").isEqualTo(pid));
        }
    }

    private static String json(String key, String value) {
        return "{\"" + key + "\":" + quote(value) + "}";
    }

    private static String edit(String path, String from, String to) {
        return "{\"path\":" + quote(path) + ",\"old_string\":" + quote(from) + ",\"new_string\":" + quote(to) + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
