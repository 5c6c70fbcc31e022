package dev.dispatch.app;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.PermissionOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompt flow over the engine port, as the TUI and the daemon use it: a {@code PermissionRequested}
 * event, the agent WAITING_USER, a {@code ReplyPermission} op, the tool going on (or the agent being
 * cancelled, which refuses the prompt).
 */
class PermissionModuleTest {
    @TempDir
    Path base;

    ScriptedModelServer server;
    Engine engine;
    Dirs dirs;
    Path project;
    Path outside;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        server = ScriptedModelServer.start();
        base = base.toRealPath();
        project = Files.createDirectories(base.resolve("ws"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("a.txt"), "outside a\n");
        Map<String, String> env = Map.of(
                "DISPATCH_HOME",
                base.resolve("dispatch").toString(),
                "HOME",
                base.toString(),
                "SCRIPTED_KEY",
                ScriptedModelServer.CANARY_KEY,
                "PATH",
                System.getenv("PATH"));
        dirs = Dirs.resolve(env);
        Files.createDirectories(dirs.config());
        Files.writeString(
                dirs.userConfigFile(),
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s" }
                keys:
                  - { id: test, provider: scripted, env: SCRIPTED_KEY }
                models:
                  - { id: fast, provider: scripted, name: claude-scripted }
                default_model: fast
                """
                        .formatted(server.baseUrl()));
        engine = Engines.local(dirs, env);
        engine.subscribe(EventFilter.all(), events::add);
    }

    @AfterEach
    void tearDown() {
        engine.close();
        server.close();
    }

    <T extends Event> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) return type.cast(e);
        }
        throw new AssertionError("no " + type.getSimpleName());
    }

    String start(String mode) {
        return engine.submit(SessionOps.StartAgent.of("read it", project.toString())
                        .withPermissionMode(mode)
                        .withMaxTurns(5))
                .agentId();
    }

    @Test
    void anAlwaysReplyLetsTheToolGoOnAndSavesTheRule() throws Exception {
        server.replyToolCalls(call("c1", "read_file", "{\"path\":\"" + outside.resolve("a.txt") + "\"}"))
                .replyText("done");
        String agent = start("ask");
        RuntimeEvents.PermissionRequested req = await(RuntimeEvents.PermissionRequested.class);
        assertThat(req.agentId()).isEqualTo(agent);
        assertThat(engine.submit(new SessionOps.ListAgents()).agents())
                .singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AgentStatus.WAITING_USER));
        engine.submit(new SessionOps.ReplyPermission(req.requestId(), PermissionAnswer.ALWAYS, null));
        RuntimeEvents.ToolCallFinished done = await(RuntimeEvents.ToolCallFinished.class);
        assertThat(done.failed()).isFalse();
        assertThat(done.result()).contains("outside a");
        assertThat(Files.readString(dirs.userConfigFile()))
                .contains("auto_allow")
                .contains(outside.toString())
                .contains("default_model: fast");
        assertThat(engine.submit(new PermissionOps.ListRules(project.toString()))
                        .rules())
                .anySatisfy(r -> assertThat(r.value()).isEqualTo(outside.toString()));
        assertThatThrownBy(() ->
                        engine.submit(new SessionOps.ReplyPermission(req.requestId(), PermissionAnswer.DENY, null)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(engine.submit(new PermissionOps.ListDecisions(agent, null)).decisions())
                .anySatisfy(d -> assertThat(d.decidedBy()).isEqualTo("operator"));
        // let the turn end before closing: closing interrupts agent threads, which may be mid-write
        assertThat(await(RuntimeEvents.AgentFinished.class).status()).isEqualTo(AgentStatus.DONE);
    }

    @Test
    void cancellingAWaitingAgentRefusesItsPrompt() throws Exception {
        server.replyToolCalls(
                        call("c1", "write_file", "{\"path\":\"" + outside.resolve("b.txt") + "\",\"content\":\"x\"}"))
                .replyText("done");
        String agent = start("ask");
        RuntimeEvents.PermissionRequested req = await(RuntimeEvents.PermissionRequested.class);
        assertThat(req.operation()).isEqualTo("write");
        engine.submit(new SessionOps.CancelAgent(agent, "stop"));
        RuntimeEvents.PermissionResolved resolved = await(RuntimeEvents.PermissionResolved.class);
        assertThat(resolved.decision()).isEqualTo(PermissionAnswer.DENY);
        assertThat(await(RuntimeEvents.AgentFinished.class).status()).isEqualTo(AgentStatus.CANCELLED);
        assertThat(outside.resolve("b.txt")).doesNotExist();
    }

    @Test
    void aBadModeIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> start("sometimes")).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
            assertThat(e.getMessage()).contains("'sometimes' is not a permission mode");
        });
        assertThat(server.requests()).isEmpty();
    }
}
