package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.RecordedRequest;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's changes to a conversation in progress, and #25's undo/diff, over both transports (in
 * process and through a daemon): a model switch Anthropic → OpenAI-compatible with a tool call in the
 * history (the second provider gets a valid request with the whole conversation), bad model and tag
 * refused with nothing changed, cost by provider, undo refused over a later edit then forced, diff,
 * and compaction: the next request and a resume carry the summary and the task list, not the old turns,
 * while show and search keep the originals.
 */
class SessionControlTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    @Test
    void inProcess() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Dirs dirs = configure(server);
            try (Engine engine = Engines.local(dirs, Map.of("DISPATCH_HOME", home.toString()))) {
                scenario(engine, server);
            }
        }
    }

    @Test
    void throughADaemon() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Dirs dirs = configure(server);
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            try (Engine engine = Daemons.find(dirs, Map.of()).orElseThrow()) {
                scenario(engine, server);
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        }
    }

    @Test
    void nearTheContextWindowOlderTurnsAreSummarisedBeforeTheCall() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Dirs dirs = configure(server);
            // a 1,000-token window compacted at half: about 2,000 characters of conversation
            Files.writeString(
                    home.resolve("config/config.yaml"),
                    Files.readString(home.resolve("config/config.yaml"))
                                    .replace("name: claude-scripted,", "name: claude-scripted, context_window: 1000,")
                            + "compaction: { threshold: 0.5 }\n");
            String pad = " " + "lorem ipsum ".repeat(25);
            server.anthropic()
                    .replyText("answer one" + pad)
                    .replyText("answer two" + pad)
                    .replyText("answer three" + pad)
                    .replyText("SUMMARY-AUTO of the first prompt")
                    .replyText("answer four");
            try (Engine engine = Engines.local(dirs, Map.of("DISPATCH_HOME", home.toString()))) {
                var started = engine.submit(SessionOps.StartAgent.of("first prompt ALPHA" + pad, project.toString()));
                String sid = started.sessionId();
                awaitMessages(engine, sid, 2);
                engine.submit(new SessionOps.SendInput(started.agentId(), "second prompt" + pad));
                awaitMessages(engine, sid, 4);
                engine.submit(new SessionOps.SendInput(started.agentId(), "third prompt" + pad));
                awaitMessages(engine, sid, 6);
                assertThat(server.lastRequest().body()).contains("first prompt ALPHA");
                engine.submit(new SessionOps.SendInput(started.agentId(), "fourth prompt" + pad));
                awaitMessages(engine, sid, 8);
                assertThat(server.lastRequest().body())
                        .contains("SUMMARY-AUTO", "answer one", "fourth prompt")
                        .doesNotContain("first prompt ALPHA");
                assertThat(engine.submit(new SessionBrowseOps.ShowSession("s", sid))
                                .notes())
                        .anySatisfy(n -> assertThat(n.kind()).isEqualTo("compaction"));
            }
            assertThat(server.pendingReplies()).isZero();
        }
    }

    @Test
    void aBadCompactionThresholdIsAConfigErrorNamingIt() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Dirs dirs = configure(server);
            Files.writeString(
                    home.resolve("config/config.yaml"),
                    Files.readString(home.resolve("config/config.yaml")) + "compaction: { threshold: 1.5 }\n");
            try (Engine engine = Engines.local(dirs, Map.of("DISPATCH_HOME", home.toString()))) {
                assertThatThrownBy(() -> engine.submit(SessionOps.StartAgent.of("hi", project.toString())))
                        .hasMessageContaining("compaction.threshold")
                        .hasMessageContaining("1.5");
            }
        }
    }

    private void scenario(Engine engine, ScriptedModelServer server) throws Exception {
        String cwd = project.toString();
        String space = "s";
        // 1) a turn on Anthropic that creates a.txt with a tool call
        server.anthropic()
                .reply(ScriptedReply.toolCalls(ScriptedModelServer.call(
                                "toolu_1", "write_file", "{\"path\":\"a.txt\",\"content\":\"hello\\n\"}"))
                        .usage(100, 10, 0, 0))
                .reply(ScriptedReply.text("answer one").usage(120, 5, 0, 0));
        var started = engine.submit(
                SessionOps.StartAgent.of("first prompt ALPHA", cwd).withPermissionMode("bypass"));
        String agent = started.agentId();
        String sid = started.sessionId();
        awaitMessages(engine, sid, 4);
        assertThat(Files.readString(project.resolve("a.txt"))).isEqualTo("hello\n");
        var diff = engine.submit(new SessionBrowseOps.DiffSession(space, sid));
        assertThat(diff.files()).containsExactly("a.txt");
        assertThat(diff.diff())
                .contains("+++ b/a.txt", "+hello")
                .as("a final newline ends the last line: no empty line of context or change after it")
                .doesNotContainPattern("(?m)^[ +-]$");

        // 2) bad switches: a clear error naming the value and the known tags; nothing changed
        assertThatThrownBy(() -> engine.submit(new SessionOps.SwitchModel(agent, "gpt-9000", null)))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.getMessage()).contains("gpt-9000", "smart", "quick", "nothing was changed");
                });
        assertThatThrownBy(() -> engine.submit(new SessionOps.SwitchModel(agent, null, "zzz")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.getMessage()).contains("zzz", "smart"));
        assertThatThrownBy(() -> engine.submit(new SessionOps.SwitchModel("agt_nope", "gpt", null)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(engine.submit(new SessionBrowseOps.ShowSession(space, sid))
                        .session()
                        .model())
                .isEqualTo("fast");

        // 3) switch to the OpenAI-compatible model: the next call sends the whole conversation there
        var sw = engine.submit(new SessionOps.SwitchModel(agent, "gpt", null));
        assertThat(sw.model()).isEqualTo("gpt");
        assertThat(sw.provider()).isEqualTo("oai");
        assertThat(sw.previousModel()).isEqualTo("fast");
        server.openai().reply(ScriptedReply.text("answer two").usage(300, 7, 0, 0));
        engine.submit(new SessionOps.SendInput(agent, "second prompt BETA"));
        awaitMessages(engine, sid, 6);
        RecordedRequest toOpenAi = server.lastRequest();
        assertThat(toOpenAi.path()).contains("chat/completions");
        assertThat(toOpenAi.body())
                .contains("first prompt ALPHA", "gpt-scripted", "tool_calls", "toolu_1", "\"role\":\"tool\"")
                .contains("answer one", "second prompt BETA");
        var shown = engine.submit(new SessionBrowseOps.ShowSession(space, sid));
        assertThat(shown.session().model()).isEqualTo("gpt");
        assertThat(shown.notes()).anySatisfy(n -> assertThat(n.text()).contains("from fast to gpt (oai)"));
        var cost = engine.submit(new SessionBrowseOps.SessionCost(space, sid));
        assertThat(cost.byProvider())
                .extracting(SessionBrowseOps.UsageLine::provider)
                .containsExactly("oai", "scripted");
        assertThat(cost.inputTokens()).isEqualTo(520);
        assertThat(cost.costUsd()).isGreaterThan(0);

        // 4) undo: refused over a later edit (named, nothing changed), then forced
        Files.writeString(project.resolve("a.txt"), "edited by me\n");
        assertThatThrownBy(() -> engine.submit(new SessionBrowseOps.UndoTurn(space, sid, false)))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("a.txt", "changed on disk", "--force");
                });
        assertThat(Files.readString(project.resolve("a.txt"))).isEqualTo("edited by me\n");
        var undone = engine.submit(new SessionBrowseOps.UndoTurn(space, sid, true));
        assertThat(undone.removed()).containsExactly("a.txt");
        assertThat(project.resolve("a.txt")).doesNotExist();
        assertThatThrownBy(() -> engine.submit(new SessionBrowseOps.UndoTurn(space, sid, false)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOTHING_TO_DO));

        // 5) a turn that keeps a task list, then compaction on demand (the summary comes from the model)
        server.openai()
                .reply(ScriptedReply.toolCalls(ScriptedModelServer.call(
                        "call_t", "task_list", "{\"action\":\"add\",\"title\":\"Ship the ZEBRA feature\"}")))
                .reply(ScriptedReply.text("answer three"))
                .reply(ScriptedReply.text("SUMMARY-XYZ of the early work").usage(40, 4, 0, 0))
                .reply(ScriptedReply.text("answer four"));
        int beforeGamma = server.requests().size();
        engine.submit(new SessionOps.SendInput(agent, "third prompt GAMMA"));
        awaitMessages(engine, sid, 10);
        // the undo reaches the model with the next input, once: the agent must not assume a.txt stands
        assertThat(server.requests().get(beforeGamma).body())
                .contains("undid turn", "removed [a.txt]", "no longer stand", "third prompt GAMMA");
        assertThat(server.requests().get(beforeGamma + 1).body().split("no longer stand", -1))
                .hasSize(2);
        long before =
                engine.submit(new SessionBrowseOps.SessionCost(space, sid)).inputTokens();
        var compacted = engine.submit(new SessionBrowseOps.CompactSession(space, sid));
        assertThat(compacted.compactedMessages()).isEqualTo(5);
        assertThat(compacted.keptMessages()).isEqualTo(5);
        assertThat(engine.submit(new SessionBrowseOps.SessionCost(space, sid)).inputTokens())
                .as("the summary call is paid for too")
                .isEqualTo(before + 40);
        engine.submit(new SessionOps.SendInput(agent, "fourth prompt DELTA"));
        awaitMessages(engine, sid, 12);
        String after = server.lastRequest().body();
        assertThat(after)
                .contains("SUMMARY-XYZ", "Ship the ZEBRA feature", "answer two", "fourth prompt DELTA")
                .doesNotContain("first prompt ALPHA")
                .doesNotContain("second prompt BETA");

        // 6) the originals stay for show and search
        var full = engine.submit(new SessionBrowseOps.ShowSession(space, sid));
        assertThat(full.messages()).hasSize(12);
        assertThat(full.messages().get(0).text()).isEqualTo("first prompt ALPHA");
        assertThat(full.notes()).extracting(SessionBrowseOps.NoteView::kind).contains("model", "undo", "compaction");
        assertThat(engine.submit(new SessionBrowseOps.SearchSessions(space, "ALPHA", null, true, null, null, null))
                        .hits())
                .anySatisfy(h -> assertThat(h.sessionId()).isEqualTo(sid));

        // 7) resume after compaction: the new agent's first request is compacted the same way
        server.openai().reply(ScriptedReply.text("answer five"));
        engine.submit(SessionOps.StartAgent.of("fifth prompt EPSILON", cwd)
                .withSession(sid)
                .withModel("gpt")
                .withPermissionMode("bypass"));
        awaitMessages(engine, sid, 14);
        assertThat(server.lastRequest().body())
                .contains("SUMMARY-XYZ", "Ship the ZEBRA feature", "answer four", "fifth prompt EPSILON")
                .doesNotContain("first prompt ALPHA");
        assertThat(server.pendingReplies()).isZero();
    }

    /** Waits until the session holds {@code n} messages and no agent works in it. */
    private static void awaitMessages(Engine engine, String sid, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int count = engine.submit(new SessionBrowseOps.ShowSession("s", sid))
                    .messages()
                    .size();
            List<SessionOps.AgentSnapshot> agents =
                    engine.submit(new SessionOps.ListAgents()).agents();
            boolean idle = agents.stream()
                    .filter(a -> sid.equals(a.sessionId()))
                    .allMatch(a -> a.status() == AgentStatus.DONE || a.status() == AgentStatus.ERROR);
            if (count >= n && idle) {
                assertThat(count).isEqualTo(n);
                return;
            }
            Thread.sleep(30);
        }
        throw new AssertionError("session " + sid + " did not reach " + n + " messages: "
                + engine.submit(new SessionBrowseOps.ShowSession("s", sid)).messages().stream()
                        .map(SessionBrowseOps.MessageView::text)
                        .toList()
                + " agents " + engine.submit(new SessionOps.ListAgents()).agents());
    }

    private Dirs configure(ScriptedModelServer server) throws Exception {
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s" }
                  oai: { type: openai, base_url: "%s" }
                keys:
                  - { id: t, provider: scripted, secret: "%s" }
                  - { id: o, provider: oai, secret: "%s" }
                models:
                  - { id: fast, provider: scripted, name: claude-scripted, tags: [quick], price: { input: 3, output: 15 } }
                  - { id: gpt, provider: oai, name: gpt-scripted, tags: [smart], price: { input: 1, output: 2 } }
                default_model: fast
                """
                        .formatted(
                                server.baseUrl(),
                                server.openAiBaseUrl(),
                                ScriptedModelServer.CANARY_KEY,
                                ScriptedModelServer.CANARY_KEY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
    }
}
