package dev.dispatch.app;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent started from a template: its tag picks the model, its prompt and skills reach the system
 * prompt, only its tools are offered, and activate_skill loads an on-demand skill into the conversation.
 */
class AgentTemplateTest {
    @TempDir
    Path tmp;

    @Test
    void templateTagPromptToolsAndSkills() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            scriptedModels(
                    fx,
                    server,
                    """
                      - { id: cheap, provider: scripted, name: claude-cheap, tags: [light] }
                      - { id: strong, provider: scripted, name: claude-strong, tags: [heavy] }
                    """);
            EngineFixture.write(
                    fx.project.resolve("dispatch.yaml"),
                    """
                    agents:
                      - { id: reviewer, tag: heavy, system_prompt: You review diffs., tools: [read_file, activate_skill], max_turns: 4 }
                    """);
            EngineFixture.write(
                    fx.project.resolve(".skills/default/style.md"),
                    "---\nname: style\ndescription: house style\n---\nPrefer small files.\n");
            EngineFixture.write(
                    fx.project.resolve(".skills/project/release.md"),
                    "---\nname: release\ndescription: release steps\n---\nBump the version, then tag.\n");
            EngineFixture.write(fx.project.resolve(".skills/agents/reviewer.txt"), "style.md\n");
            fx.open();
            server.reply(ScriptedReply.toolCalls(call("c1", "activate_skill", "{\"name\":\"release\"}")))
                    .reply(ScriptedReply.toolCalls(call("c2", "write_file", "{\"path\":\"x.txt\",\"content\":\"x\"}")))
                    .replyText("reviewed");

            var started = fx.submit(SessionOps.StartAgent.of("review the release", fx.project.toString())
                    .withTemplate("reviewer"));
            assertThat(started.model()).isEqualTo("strong");
            var done = fx.awaitFinished(started.agentId());
            assertThat(done.status()).isEqualTo(AgentStatus.DONE);

            JsonNode first = server.requests().get(0).json();
            assertThat(first.get("model").asText()).isEqualTo("claude-strong");
            String system = first.get("system").toString();
            assertThat(system)
                    .contains("You review diffs.")
                    .contains("## Skill: style")
                    .contains("Prefer small files.")
                    .contains("- release: release steps")
                    .doesNotContain("Bump the version");
            List<String> tools = new ArrayList<>();
            first.get("tools").forEach(t -> tools.add(t.get("name").asText()));
            assertThat(tools).containsExactly("read_file", "activate_skill");
            assertThat(server.requests().get(1).body()).contains("Bump the version, then tag.");
            assertThat(server.requests().get(2).body()).contains("tool 'write_file' is not available to this agent");
            assertThat(fx.project.resolve("x.txt")).doesNotExist();
        }
    }

    @Test
    void anUnknownTagIsRefusedBeforeAnythingStarts() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            fx.userConfig(
                    """
                    providers:
                      scripted: { type: anthropic, base_url: "%s" }
                    models:
                      - { id: cheap, provider: scripted, name: claude-cheap, tags: [light] }
                    """
                            .formatted(server.baseUrl()));
            fx.open();
            var op = SessionOps.StartAgent.of("hi", fx.project.toString()).withTag("heavy");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.submit(op))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("no model has tag 'heavy'; tags in use: [light]");
            assertThat(server.requests()).isEmpty();
        }
    }

    /** A template's permission_mode tightens the mode the agent was started in, and never loosens it. */
    @Test
    void aTemplatePermissionModeOnlyTightens() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            scriptedModels(fx, server, "  - { id: cheap, provider: scripted, name: claude-cheap }\n");
            EngineFixture.write(
                    fx.project.resolve("dispatch.yaml"),
                    """
                    agents:
                      - { id: careful, permission_mode: deny }
                      - { id: loose, permission_mode: bypass }
                    """);
            fx.open();
            Path outside = tmp.resolve("outside-" + System.nanoTime() + ".txt");
            String write = "{\"path\":\"" + outside + "\",\"content\":\"x\"}";
            server.reply(ScriptedReply.toolCalls(call("c1", "write_file", write)))
                    .replyText("done");
            server.reply(ScriptedReply.toolCalls(call("c2", "write_file", write)))
                    .replyText("done");

            // started in 'bypass', the template's 'deny' wins: nobody is asked and nothing is written
            var careful = fx.submit(SessionOps.StartAgent.of("write outside", fx.project.toString())
                    .withPermissionMode("bypass")
                    .withTemplate("careful"));
            assertThat(fx.awaitFinished(careful.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(server.requests().get(1).body()).contains("the permission mode is 'deny'");
            // started in 'deny', the template's 'bypass' does not loosen it
            var loose = fx.submit(SessionOps.StartAgent.of("write outside", fx.project.toString())
                    .withPermissionMode("deny")
                    .withTemplate("loose"));
            assertThat(fx.awaitFinished(loose.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(server.requests().get(3).body()).contains("the permission mode is 'deny'");
            assertThat(outside).doesNotExist();
        }
    }

    /** A user config with the scripted server as provider, one key, these model lines and 'cheap' as default. */
    private static void scriptedModels(EngineFixture fx, ScriptedModelServer server, String modelLines)
            throws Exception {
        fx.env.put("KEY_A", "sk-template-test");
        fx.userConfig(
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s" }
                keys:
                  - { id: only, provider: scripted, env: KEY_A }
                models:
                %sdefault_model: cheap
                """
                        .formatted(server.baseUrl(), modelLines));
    }
}
