package dev.dispatch.tui;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.Engine;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch chat} on the real engine with a detached planner: its two questions show in line mode
 * named {@code main › planner} and are answered inline (the first by option number); the planner writes
 * plan.md only after its child permission prompt (a write outside its {@code read:.} ceiling) is
 * answered inline too. Once in-process, once attached to a daemon.
 */
class LineChatTreeTest {
    @TempDir
    Path tmp;

    @Test
    void inProcess() throws Exception {
        plan(false);
    }

    @Test
    void attachedToADaemon() throws Exception {
        plan(true);
    }

    private void plan(boolean attached) throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "lct-"); // short: the socket path is limited
        Path project = Files.createDirectories(tmp.resolve("project"));
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Files.createDirectories(home.resolve("config"));
            Files.writeString(
                    home.resolve("config/config.yaml"),
                    """
                    providers: { scripted: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: t, provider: scripted, secret: "%s" } ]
                    models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                    default_model: fast
                    """
                            .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
            server.forConversation("ORCH")
                    .replyToolCalls(call(
                            "c1",
                            "summon_agent",
                            "{\"task\":\"PLAN the release\",\"name\":\"planner\",\"detached\":true,"
                                    + "\"permissions\":[\"read:.\"]}"))
                    .replyToolCalls(call("c2", "wait_agents", "{\"timeout\":60}"))
                    .replyText("the plan is ready");
            server.forConversation("PLAN the release")
                    .replyToolCalls(
                            call("c3", "ask_user", "{\"question\":\"Which version?\",\"options\":[\"1.0\",\"2.0\"]}"))
                    .replyToolCalls(call("c4", "ask_user", "{\"question\":\"Which day?\"}"))
                    .replyToolCalls(call("c5", "write_file", "{\"path\":\"plan.md\",\"content\":\"release plan\"}"))
                    .replyText("plan.md written");
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            Map<String, String> env = Map.of("DISPATCH_HOME", home.toString());
            Daemon daemon = attached
                    ? Daemon.start(
                            dirs,
                            new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                            "test",
                            new DaemonLog(new StringWriter()))
                    : null;
            try (Engine engine = attached ? Daemons.find(dirs, env).orElseThrow() : Engines.local(dirs, env)) {
                String out = chat(engine, project, "ORCH plan the release\n2\nFriday\no\n");
                assertThat(out)
                        .contains("Question from main › planner")
                        .contains("Which version?")
                        .contains("  2. 2.0")
                        .contains("answered: 2.0")
                        .contains("Which day?")
                        .contains("answered: Friday")
                        .contains("Permission needed: agent main › planner wants to use write_file")
                        .contains("the plan is ready");
            } finally {
                if (daemon != null) {
                    daemon.stop();
                    daemon.awaitStopped();
                }
            }
            assertThat(Files.readString(project.resolve("plan.md"))).isEqualTo("release plan");
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.body()).contains("\\\"answer\\\":\\\"2.0\\\""));
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String chat(Engine engine, Path project, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder()
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)
                .dumb(true)
                .encoding(StandardCharsets.UTF_8)
                .build()) {
            var options = new LineChat.Options(project.toString(), project.resolve(".history"), null);
            assertThat(new LineChat(engine, t, options).run()).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
