package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The queued-prompt rule on a real terminal (tmux), in the workbench and in {@code dispatch chat},
 * hosted in-process and attached to a daemon: a prompt typed while the agent works (its first model
 * call is slow, then it asks for a tool) is shown as queued and reaches the model only in the request
 * after the turn's final answer, never beside the tool's result; two queued prompts keep their order.
 */
@Tag("slow")
class QueuedPromptTmuxTest {
    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = ScriptedHome.create("qp-");
        project = Files.createDirectories(home.resolve("project"));
        Files.writeString(project.resolve("notes.txt"), "the notes\n");
        model = ScriptedModelServer.start();
        ScriptedHome.configure(home, model);
        model.forConversation("QUEUER")
                // slow: the prompts are typed while this call is in flight
                .reply(ScriptedReply.toolCalls(WorkbenchInterruptTmuxTest.call("read_file", "path", "notes.txt"))
                        .headerDelay(Duration.ofSeconds(4)))
                .replyText("FIRST-ANSWER the notes are read")
                .replyText("SECOND-ANSWER summarised")
                .replyText("THIRD-ANSWER tested");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        ScriptedHome.delete(home);
    }

    @Test
    void theWorkbenchSendsAQueuedPromptWhenTheTurnEnds() throws Exception {
        workbench("in-process");
    }

    @Test
    void theWorkbenchAttachedToADaemon() throws Exception {
        daemon();
        workbench("daemon");
    }

    @Test
    void chatSendsAQueuedPromptWhenTheTurnEnds() throws Exception {
        chat();
    }

    @Test
    void chatAttachedToADaemon() throws Exception {
        daemon();
        chat();
    }

    private void daemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
    }

    private void workbench(String engineKind) throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 120, 40)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains(engineKind));
            tui.type("QUEUER read the notes");
            awaitFirstRequest();
            tui.type("QP-ONE summarise them");
            tui.type("QP-TWO then test them");
            tui.waitFor("both queued", s -> s.contains("2 queued (/unqueue)") && s.contains("(queued: sent when"));
            tui.waitFor("the third answer", s -> s.contains("THIRD-ANSWER tested"));
            assertOrder();
        }
    }

    private void chat() throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 120, 40, Map.of("NO_COLOR", "1"), "chat")) {
            tui.waitFor("the prompt", s -> s.contains("you>"));
            tui.type("QUEUER read the notes");
            awaitFirstRequest();
            tui.type("QP-ONE summarise them");
            tui.type("QP-TWO then test them");
            tui.waitFor("both queued", s -> s.contains("[queued (2): QP-TWO then test them"));
            tui.waitFor("the third answer", s -> s.contains("THIRD-ANSWER tested"));
            assertThat(tui.text()).contains("you> QP-ONE summarise them    (queued while the agent worked: sent now)");
            assertOrder();
            tui.waitFor("the prompt again", s -> s.strip().endsWith("you>")); // ctrl+D at the prompt, not mid-turn
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
    }

    private void awaitFirstRequest() throws InterruptedException {
        Instant deadline = Instant.now().plus(TmuxPane.PATIENCE);
        while (model.requests().isEmpty() && Instant.now().isBefore(deadline)) Thread.sleep(50);
        assertThat(model.requests()).as("the first model request").isNotEmpty();
    }

    /** The tool's result went alone; each queued prompt came after the answer before it, in order. */
    private void assertOrder() {
        List<String> bodies = model.requests().stream().map(r -> r.body()).toList();
        assertThat(bodies).hasSize(4);
        assertThat(bodies.get(1)).contains("the notes").doesNotContain("QP-ONE").doesNotContain("QP-TWO");
        assertThat(bodies.get(2))
                .contains("FIRST-ANSWER the notes are read")
                .contains("QP-ONE summarise them")
                .doesNotContain("QP-TWO");
        assertThat(bodies.get(2).indexOf("QP-ONE")).isGreaterThan(bodies.get(2).indexOf("FIRST-ANSWER"));
        assertThat(bodies.get(3)).contains("SECOND-ANSWER summarised").contains("QP-TWO then test them");
        assertThat(bodies.get(3).indexOf("QP-TWO")).isGreaterThan(bodies.get(3).indexOf("SECOND-ANSWER"));
    }
}
