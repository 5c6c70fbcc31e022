package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.protocol.SessionOps.ListAgents;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's continuity on the real engine: a workbench conversation is one session with one main
 * agent; each follow-up's model request carries every earlier turn, the pane keeps them all, and a
 * new engine resuming the session shows it and continues it with the full history.
 */
class WorkbenchContinuityTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    @Test
    void followUpsContinueOneAgentAndResumeRestoresTheConversation() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.replyText("answer one ALPHA").replyText("answer two BETA").replyText("answer three GAMMA");
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
                var v = new VirtualWorkbench(engine, project.toString(), 120, 40);
                v.await("fast");
                v.type("question one").key(KeyType.Enter);
                v.await("answer one ALPHA");
                v.type("question two").key(KeyType.Enter);
                v.await("answer two BETA");
                v.type("question three").key(KeyType.Enter);
                v.await("answer three GAMMA");
                String third = server.requests().get(2).body();
                assertThat(third)
                        .contains(
                                "question one",
                                "answer one ALPHA",
                                "question two",
                                "answer two BETA",
                                "question three");
                // the pane keeps the whole exchange, and there is one agent
                assertThat(v.text())
                        .contains("question one", "answer one ALPHA", "answer two BETA", "answer three GAMMA");
                List<AgentSnapshot> agents = engine.submit(new ListAgents()).agents();
                assertThat(agents).hasSize(1);
                session = agents.get(0).sessionId();
            }
            server.replyText("answer four DELTA");
            try (Engine engine = Engines.local(dirs, env)) {
                var v = new VirtualWorkbench(
                        engine, new Workbench.Options(project.toString(), "cfg", List.of(), session), 120, 40);
                v.await("answer three GAMMA");
                assertThat(v.text()).contains("question one", "answer one ALPHA");
                v.type("question four").key(KeyType.Enter);
                v.await("answer four DELTA");
                assertThat(server.requests()).hasSize(4);
                assertThat(server.requests().get(3).body())
                        .contains("question one", "answer one ALPHA", "answer three GAMMA", "question four");
                assertThat(v.text()).contains("answer one ALPHA", "answer four DELTA");
                List<AgentSnapshot> agents = engine.submit(new ListAgents()).agents();
                assertThat(agents).extracting(AgentSnapshot::sessionId).containsExactly(session);
            }
        }
    }
}
