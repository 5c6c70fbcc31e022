package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import dev.dispatch.protocol.RuntimeEvents.TurnEnded;
import dev.dispatch.protocol.SessionOps.AnswerQuestion;
import dev.dispatch.protocol.SessionOps.ReplyPermission;
import dev.dispatch.protocol.SessionOps.StartAgent;
import dev.dispatch.protocol.SessionOps.StartAgentResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch chat} line mode and a detached child: its questions are shown with their ancestry and
 * answered inline (a number picks an option), during the main agent's turn and between turns; its
 * permission prompt names its ancestry; another face's question is not asked here, one answered
 * elsewhere is not asked again, and an empty answer puts it off without answering.
 */
class LineChatQuestionsTest {
    @TempDir
    Path tmp;

    String run(FakeEngine engine, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder()
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)
                .dumb(true)
                .encoding(StandardCharsets.UTF_8)
                .build()) {
            int code = new LineChat(engine, t, new LineChat.Options("/work/demo", tmp.resolve("history"), null)).run();
            assertThat(code).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static QuestionAsked question(String id, String agent, String text, List<String> options) {
        return new QuestionAsked(id, agent, "main › planner", text, options, Instant.EPOCH);
    }

    @Test
    void aDetachedChildsQuestionsAndPromptAreAnsweredInline() throws Exception {
        FakeEngine e = new FakeEngine();
        e.on(StartAgent.class, s -> {
            e.push(new AgentStarted("agt_1", null, "main", "ses_1", "m", "p", Instant.EPOCH));
            e.push(new AgentStarted("agt_2", "agt_1", "planner", "ses_2", "m", "p", Instant.EPOCH));
            e.push(question("q_other", "agt_9", "not yours", List.of()));
            e.push(question("q_1", "agt_2", "Which version?", List.of("2.0", "3.0")));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(AnswerQuestion.class, a -> {
            if (a.questionId().equals("q_1")) {
                // main's turn ends; the planner asks again after it, while the chat waits between turns
                e.push(new TurnEnded("agt_1", 1, "end_turn"), new AgentFinished("agt_1", AgentStatus.DONE, "ok", null));
                e.push(question("q_2", "agt_2", "Which day?", List.of()));
                e.push(question("q_3", "agt_2", "Put off?", List.of()));
            } else if (a.questionId().equals("q_2")) {
                e.push(new PermissionRequested(
                        "perm_2",
                        "agt_2",
                        "write_file",
                        "write",
                        List.of("/outside/plan.md"),
                        null,
                        "outside the project root",
                        Instant.EPOCH,
                        "main › planner"));
            }
            return Ack.ok("answered");
        });
        e.on(ReplyPermission.class, r -> Ack.ok("ok"));

        String out = run(e, "plan it\n1\nFriday\n\no\n/quit\n");

        assertThat(out)
                .contains("Question from main › planner (q_1): Which version?")
                .contains("  1. 2.0")
                .contains("  2. 3.0")
                .contains("Question from main › planner (q_2): Which day?")
                .contains("put off: answer later with dispatch agent answer q_3")
                .contains("Permission needed: agent main › planner wants to use write_file (write)")
                .doesNotContain("not yours");
        assertThat(e.submitted(AnswerQuestion.class))
                .containsExactly(new AnswerQuestion("q_1", "2.0"), new AnswerQuestion("q_2", "Friday"));
        assertThat(e.submitted(ReplyPermission.class))
                .containsExactly(new ReplyPermission("perm_2", PermissionAnswer.ONCE, null));
    }
}
