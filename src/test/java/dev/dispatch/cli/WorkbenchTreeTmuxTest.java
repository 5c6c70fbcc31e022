package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proof 1 in the full-screen workbench, on a real terminal (tmux) with the real engine and the
 * scripted model server: the main agent summons a detached planner; the planner asks two questions
 * that reach the user's queue (named {@code main › planner}): the first is answered in the modal by
 * option number, the second is put off while the user keeps chatting with main, then answered from the
 * planner's thread. The planner writes plan.md and reports back to main; its thread turns read-only.
 * Once with the workbench hosting the engine, once attached to a daemon.
 */
@Tag("slow")
class WorkbenchTreeTmuxTest {
    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "wt-"); // short: Unix socket paths are limited
        project = Files.createDirectories(home.resolve("project"));
        model = ScriptedModelServer.start();
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, secret: "%s" } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                """
                        .formatted(model.baseUrl(), ScriptedModelServer.CANARY_KEY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        model.forConversation("ORCH")
                .replyToolCalls(call("summon_agent", "task", "PLAN the release", "name", "planner", "detached", true))
                .replyText("planner is on it")
                .replyText("main is still here")
                .replyText("planner reported: plan ready");
        model.forConversation("PLAN the release")
                .replyToolCalls(call("ask_user", "question", "Which version?", "options", List.of("1.0", "2.0")))
                .replyToolCalls(call("ask_user", "question", "Which day?"))
                .replyToolCalls(call("write_file", "path", "plan.md", "content", "release plan"))
                .replyText("plan.md written");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aDetachedPlannerAsksInTheWorkbenchWhileTheUserChatsWithMain() throws Exception {
        planInTheWorkbench("in-process");
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        planInTheWorkbench("daemon");
    }

    private void planInTheWorkbench(String engineKind) throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 140, 40)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains(engineKind));
            tui.type("ORCH plan the release");

            String first = tui.waitFor("the planner's first question", s -> s.contains("Which version?"));
            assertThat(first)
                    .contains("Question")
                    .contains("Agent:  main › planner")
                    .contains("1) 1.0")
                    .contains("2) 2.0")
                    .contains("⚑ planner asks you")
                    .contains("planner »"); // the tree shows the detached child
            tui.type("2"); // option 2, answered in the modal

            tui.waitFor("the second question", s -> s.contains("Which day?") && s.contains("Question"));
            tui.key("Escape"); // put off: the user chats with main meanwhile
            tui.waitFor("the put-off notice", s -> !s.contains("Answer:") && s.contains("⚑ planner asks you"));
            tui.type("hello main");
            tui.waitFor("main's reply while the planner waits", s -> s.contains("main is still here"));

            tui.key("C-t"); // the planner's thread
            tui.waitFor("the planner's thread", s -> s.contains("answer planner's question"));
            tui.type("Friday");
            for (int i = 0; i < 3; i++) { // writing plan.md may ask for permission, depending on the mode
                String s = tui.waitFor(
                        "the plan written or a permission prompt",
                        x -> x.contains("read-only: planner finished") || x.contains("[o] once"));
                if (!s.contains("[o] once")) break;
                assertThat(s).contains("main › planner");
                tui.key("o");
                Thread.sleep(300);
            }
            String done = tui.waitFor("the planner's read-only thread", s -> s.contains("read-only: planner finished"));
            assertThat(done).contains("plan.md written");
            assertThat(Files.readString(project.resolve("plan.md"))).isEqualTo("release plan");

            tui.type("one more thing"); // refused: nothing sent
            tui.waitFor("the read-only notice", s -> s.contains("its thread is read-only"));

            tui.key("C-t"); // back to main, which got the planner's report
            tui.waitFor("main's answer to the report", s -> s.contains("planner reported: plan ready"));
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
        // the planner's second request carried the option the user picked; its third the typed answer
        List<String> bodies = model.requests().stream().map(r -> r.body()).toList();
        assertThat(bodies).anySatisfy(b -> assertThat(b).contains("\\\"answer\\\":\\\"2.0\\\""));
        assertThat(bodies).anySatisfy(b -> assertThat(b).contains("\\\"answer\\\":\\\"Friday\\\""));
        assertThat(bodies).noneSatisfy(b -> assertThat(b).contains("one more thing"));
    }

    private static ScriptedReply.ToolCall call(String name, Object... kv) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2)
            o.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        return ScriptedModelServer.call("c_" + name + o.hashCode(), name, o.toString());
    }
}
