package dev.dispatch.app;

import static dev.dispatch.app.TreeScript.idOf;
import static dev.dispatch.app.TreeScript.results;
import static dev.dispatch.app.TreeScript.summon;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 2 of issue 20: an orchestrator summons a researcher (which greps the project) and a writer that
 * waits for the findings; the user's message to the writer in the middle of its task ("focus on
 * OAuth") reaches the writer's very next model request, and its transcript shows it was received.
 */
class ResearchWritePipelineTest {
    @TempDir
    Path tmp;

    @Test
    void aUserMessageToTheWriterMidTaskReachesItsNextModelRequest() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            Files.writeString(fx.project.resolve("auth.txt"), "login uses OAuth 2.0 with PKCE\nsessions expire\n");
            server.forConversation("ORCH")
                    .replyToolCalls(
                            summon("RESEARCH find how login works", "name", "researcher"),
                            summon("WRITE the auth doc from the findings", "name", "writer"))
                    .replyToolCalls(tool("wait_agents", "timeout", 60))
                    .replyText("pipeline done");
            server.forConversation("RESEARCH")
                    .replyToolCalls(tool("grep", "pattern", "OAuth"))
                    .replyText("login: OAuth 2.0 with PKCE (auth.txt:1)");
            // the writer's first call is slow: the user's message arrives while it is in flight
            server.forConversation("WRITE")
                    .reply(ScriptedReply.toolCalls(tool("read_file", "path", "auth.txt"))
                            .headerDelay(Duration.ofMillis(1500)))
                    .replyToolCalls(tool("write_file", "path", "auth.md", "content", "# Auth\nOAuth 2.0 with PKCE\n"))
                    .replyText("auth.md written");

            var root = fx.start("ORCH research then write");
            String writer = idOf(fx, "writer");
            fx.await(RuntimeEvents.TurnStarted.class, t -> t.agentId().equals(writer));
            fx.submit(new SessionOps.SendInput(writer, "focus on OAuth"));

            var done = fx.awaitFinished(root.agentId());
            assertThat(done.status()).isEqualTo(AgentStatus.DONE);
            assertThat(done.result()).isEqualTo("pipeline done");
            assertThat(Files.readString(fx.project.resolve("auth.md"))).contains("PKCE");

            // the researcher grepped the project and its answer came back to the orchestrator
            assertThat(results(fx, idOf(fx, "researcher"), "grep").get(0).result())
                    .contains("auth.txt");
            assertThat(results(fx, root.agentId(), "wait_agents").get(0).result())
                    .contains("OAuth 2.0 with PKCE (auth.txt:1)")
                    .contains("auth.md written");

            // the message: delivered to the writer, absent from its first request, present in its next one
            assertThat(fx.of(RuntimeEvents.UserMessageDelivered.class))
                    .anySatisfy(d -> assertThat(d.agentId()).isEqualTo(writer))
                    .anySatisfy(d -> assertThat(d.text()).isEqualTo("focus on OAuth"));
            List<String> writerRequests = server.requests().stream()
                    .filter(r -> r.json().path("messages").get(0).toString().contains("WRITE the auth doc"))
                    .map(r -> r.body())
                    .toList();
            assertThat(writerRequests).hasSize(3);
            assertThat(writerRequests.get(0)).doesNotContain("focus on OAuth");
            assertThat(writerRequests.get(1)).contains("focus on OAuth");
            // nobody else heard it
            assertThat(server.requests().stream()
                            .filter(r ->
                                    !r.json().path("messages").get(0).toString().contains("WRITE the auth doc"))
                            .map(r -> r.body()))
                    .noneMatch(b -> b.contains("focus on OAuth"));
        }
    }
}
