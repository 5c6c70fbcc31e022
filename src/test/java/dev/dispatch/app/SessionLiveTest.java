package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session an agent is working in is live: resuming, continuing or deleting it elsewhere is refused
 * with the agent and the owner named, and nothing changes; once the turn is over it resumes.
 */
class SessionLiveTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    @Test
    void resumeContinueAndDeleteOfALiveSessionAreRefusedNamingTheOwner() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.reply(ScriptedReply.text("slow answer").headerDelay(Duration.ofSeconds(3)));
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
            try (Engine engine = Engines.local(
                    dirs, Map.of("DISPATCH_HOME", home.toString(), "SCRIPTED_KEY", ScriptedModelServer.CANARY_KEY))) {
                var started = engine.submit(SessionOps.StartAgent.of("think slowly", project.toString()));
                String sid = started.sessionId();
                String space = "s";
                for (var op : java.util.List.<dev.dispatch.protocol.Op<?>>of(
                        new SessionBrowseOps.ResumeSession(space, sid),
                        new SessionBrowseOps.DeleteSession(space, sid),
                        SessionOps.StartAgent.of("again", project.toString()).withSession(sid))) {
                    assertThatThrownBy(() -> engine.submit(op)).isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                        assertThat(e.getMessage())
                                .contains(
                                        sid,
                                        started.agentId(),
                                        "pid " + ProcessHandle.current().pid());
                    });
                }
                assertThat(engine.submit(new SessionOps.ListAgents()).agents()).hasSize(1);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (engine.submit(new SessionOps.ListAgents())
                                        .agents()
                                        .get(0)
                                        .status()
                                != AgentStatus.DONE
                        && System.nanoTime() < deadline) Thread.sleep(50);
                var detail = engine.submit(new SessionBrowseOps.ResumeSession(space, sid));
                assertThat(detail.messages())
                        .extracting(SessionBrowseOps.MessageView::text)
                        .containsExactly("think slowly", "slow answer");
                assertThatThrownBy(() -> engine.submit(new SessionBrowseOps.ResumeSession(space, "ses_nope")))
                        .isInstanceOfSatisfying(
                                EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            }
        }
    }
}
