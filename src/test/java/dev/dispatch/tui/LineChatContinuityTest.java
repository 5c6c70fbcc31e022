package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.protocol.SessionOps.ListAgents;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch chat} on the real engine: three messages are one conversation with one agent (the
 * third model request carries the first two turns), and a resumed chat prints the conversation and
 * continues it with the full history.
 */
class LineChatContinuityTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    String chat(Engine engine, String resume, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder()
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)
                .dumb(true)
                .encoding(StandardCharsets.UTF_8)
                .build()) {
            var options = new LineChat.Options(project.toString(), home.resolve("history"), null, resume, null);
            assertThat(new LineChat(engine, t, options).run()).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void threeMessagesAreOneConversationAndResumeContinuesIt() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.replyText("answer one").replyText("answer two").replyText("answer three");
            Files.createDirectories(home.resolve("config"));
            Files.writeString(
                    home.resolve("config/config.yaml"),
                    """
                    providers: { scripted: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: t, provider: scripted, env: SCRIPTED_KEY } ]
                    models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                    default_model: fast
                    """
                            .formatted(server.baseUrl()));
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            Map<String, String> env =
                    Map.of("DISPATCH_HOME", home.toString(), "SCRIPTED_KEY", ScriptedModelServer.CANARY_KEY);
            String session;
            try (Engine engine = Engines.local(dirs, env)) {
                String out = chat(engine, null, "question one\nquestion two\nquestion three\n");
                assertThat(out).contains("answer one", "answer two", "answer three");
                assertThat(server.requests().get(2).body())
                        .contains("question one", "answer one", "question two", "answer two", "question three");
                List<AgentSnapshot> agents = engine.submit(new ListAgents()).agents();
                assertThat(agents).hasSize(1);
                session = agents.get(0).sessionId();
            }
            server.replyText("answer four");
            try (Engine engine = Engines.local(dirs, env)) {
                String out = chat(engine, session, "question four\n");
                assertThat(out).contains("resumed session " + session, "question one", "answer three", "answer four");
                assertThat(server.requests().get(3).body()).contains("question one", "answer three", "question four");
            }
        }
    }
}
