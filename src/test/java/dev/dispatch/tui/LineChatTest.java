package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.AgentStateChanged;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.ToolOutput;
import dev.dispatch.protocol.RuntimeEvents.TurnEnded;
import dev.dispatch.protocol.SessionOps.ReplyPermission;
import dev.dispatch.protocol.SessionOps.SendInput;
import dev.dispatch.protocol.SessionOps.StartAgent;
import dev.dispatch.protocol.SessionOps.StartAgentResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dispatch chat} on a dumb JLine terminal fed from a pipe, against the scriptable engine. */
class LineChatTest {
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

    @Test
    void streamsTheAnswerAsksPermissionInlineAndKeepsHistory() throws Exception {
        FakeEngine e = new FakeEngine();
        e.on(StartAgent.class, s -> {
            e.push(new dev.dispatch.protocol.RuntimeEvents.AgentStarted(
                    "agt_1", null, "main", "ses_1", "m", "p", Instant.EPOCH));
            e.push(new TextDelta("agt_1", "Checking "), new TextDelta("agt_1", "the dir."));
            e.push(new ToolCallStarted("agt_1", "c1", "shell", "{\"command\":\"ls /etc\"}"));
            e.push(new PermissionRequested(
                    "perm_1",
                    "agt_1",
                    "shell",
                    "execute",
                    List.of("/etc"),
                    "ls /etc",
                    "outside the project root",
                    Instant.EPOCH));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(ReplyPermission.class, r -> {
            e.push(new ToolOutput("agt_1", "c1", "stdout", "hosts\npasswd\n"));
            e.push(new ToolCallFinished("agt_1", "c1", "shell", "hosts\npasswd\n", false, 0));
            e.push(new TextDelta("agt_1", "Two files."), new TurnEnded("agt_1", 1, "end_turn"));
            e.push(finished("Two files."));
            return Ack.ok("ok");
        });
        e.on(SendInput.class, s -> {
            e.push(new TextDelta("agt_1", "Sure."), new TurnEnded("agt_1", 2, "end_turn"), finished("Sure."));
            return Ack.ok("ok");
        });

        String out = run(e, "what is in /etc?\nmaybe\ns\nthanks\n/quit\n");

        assertThat(out)
                .contains("Checking the dir.")
                .contains("tool: shell ls /etc")
                .contains("Permission needed: agent main wants to use shell (execute)")
                .contains("command: ls /etc")
                .contains("reason: outside the project root")
                .contains("[o]nce [s]ession [a]lways [d]eny")
                .contains("Please answer o, s, a or d.")
                .contains("output: hosts")
                .contains("result: shell ok exit 0")
                .contains("Two files.")
                .contains("Sure.");
        assertThat(e.submitted(ReplyPermission.class))
                .containsExactly(new ReplyPermission("perm_1", PermissionAnswer.SESSION, null));
        assertThat(e.submitted(SendInput.class)).containsExactly(new SendInput("agt_1", "thanks"));
        assertThat(Files.readString(tmp.resolve("history")))
                .contains("what is in /etc?")
                .contains("thanks");
    }

    @Test
    void engineErrorsArePrintedAndTheChatGoesOn() throws Exception {
        FakeEngine e = new FakeEngine().on(dev.dispatch.protocol.ModelOps.ResolveModel.class, r -> {
            if (!r.model().equals("gpt-5"))
                throw dev.dispatch.protocol.EngineException.invalid("unknown model '" + r.model() + "'");
            return new dev.dispatch.protocol.ModelOps.ResolutionResult(r.model(), "k", null, List.of(), null);
        });
        String out = run(e, "hello\n/model gpt-5\n/model gtp-5\n/nope\n");
        assertThat(out)
                .contains("dispatch: could not start an agent: no handler for StartAgent")
                .contains("New agents use model gpt-5.")
                .contains("dispatch: unknown model 'gtp-5'")
                .contains("Unknown command '/nope'");
    }

    @Test
    void sessionCommandsGoToTheChatsAgentAndSession() throws Exception {
        FakeEngine e = new FakeEngine();
        e.on(StartAgent.class, s -> {
            e.push(new TurnEnded("agt_1", 1, "end_turn"), finished("hi"));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(dev.dispatch.protocol.SessionOps.SwitchModel.class, s -> {
            if (!s.model().equals("gpt")) throw dev.dispatch.protocol.EngineException.invalid("unknown model 'nope'");
            return new dev.dispatch.protocol.SessionOps.ModelSwitched("agt_1", "ses_1", "m", "gpt", "oai");
        });
        e.on(
                dev.dispatch.protocol.SessionBrowseOps.CompactSession.class,
                c -> new dev.dispatch.protocol.SessionBrowseOps.CompactResult(
                        c.sessionId(), 4, 6, 900, 300, "compacted 4"));
        e.on(
                dev.dispatch.protocol.SessionBrowseOps.UndoTurn.class,
                u -> new dev.dispatch.protocol.SessionBrowseOps.UndoResult(
                        u.sessionId(), 1, List.of("a.txt"), List.of(), "undid turn 1 force=" + u.force()));
        e.on(
                dev.dispatch.protocol.SessionBrowseOps.DiffSession.class,
                d -> new dev.dispatch.protocol.SessionBrowseOps.SessionDiff(
                        d.sessionId(), List.of("a.txt"), "+++ b/a.txt\n"));
        String out = run(e, "/cost\nhello\n/model nope\n/model gpt\n/compact\n/undo force\n/diff\n");
        assertThat(out)
                .contains("No session yet: nothing spent.")
                .contains("dispatch: unknown model 'nope'")
                .contains("Switched to gpt (oai) from m")
                .contains("Compacted: compacted 4.")
                .contains("undid turn 1 force=true")
                .contains("+++ b/a.txt");
        assertThat(e.submitted(dev.dispatch.protocol.SessionOps.SwitchModel.class))
                .extracting(dev.dispatch.protocol.SessionOps.SwitchModel::agentId)
                .containsOnly("agt_1");
        assertThat(e.submitted(dev.dispatch.protocol.SessionBrowseOps.CompactSession.class))
                .extracting(dev.dispatch.protocol.SessionBrowseOps.CompactSession::sessionId)
                .containsExactly("ses_1");
    }

    @Test
    void endOfInputAtAPermissionPromptDenies() throws Exception {
        FakeEngine e = new FakeEngine();
        e.on(StartAgent.class, s -> {
            e.push(new PermissionRequested(
                    "perm_1", "agt_1", "write_file", "write", List.of("/x"), null, "why", Instant.EPOCH));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(ReplyPermission.class, r -> {
            e.push(new TurnEnded("agt_1", 1, "end_turn"), finished(""));
            return Ack.ok("ok");
        });
        run(e, "write it\n");
        assertThat(e.submitted(ReplyPermission.class))
                .extracting(ReplyPermission::decision)
                .containsExactly(PermissionAnswer.DENY);
    }

    /** Beside an owner the chat sees every agent's events: it asks only for its own agent. */
    @Test
    void asksOnlyForItsOwnAgentNotForAnotherFacesOrOneAnsweredElsewhere() throws Exception {
        FakeEngine e = new FakeEngine();
        e.on(StartAgent.class, s -> {
            e.push(new PermissionRequested(
                    "perm_other", "agt_other", "read_file", "read", List.of("/other"), null, "theirs", Instant.EPOCH));
            e.push(new PermissionRequested(
                    "perm_done", "agt_1", "read_file", "read", List.of("/done"), null, "mine", Instant.EPOCH));
            e.push(new dev.dispatch.protocol.RuntimeEvents.PermissionResolved(
                    "perm_done", "agt_1", PermissionAnswer.ONCE, "from another shell"));
            e.push(new PermissionRequested(
                    "perm_mine", "agt_1", "read_file", "read", List.of("/mine"), null, "mine", Instant.EPOCH));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(ReplyPermission.class, r -> {
            e.push(new TurnEnded("agt_1", 1, "end_turn"), finished("ok"));
            return Ack.ok("ok");
        });
        String out = run(e, "read\no\n");
        assertThat(out).contains("path: /mine").doesNotContain("/other").doesNotContain("/done");
        assertThat(e.submitted(ReplyPermission.class))
                .containsExactly(new ReplyPermission("perm_mine", PermissionAnswer.ONCE, null));
    }

    @Test
    void everyReplyOfAFiveMessageChatIsPrintedToTheSameAgent() throws Exception {
        // the real engine's order: status RUNNING, the turn, TurnEnded, status DONE, AgentFinished. A chat that
        // stopped following at TurnEnded left the last two queued, and the next message's follow ended on them.
        FakeEngine e = new FakeEngine();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        Runnable turn = () -> {
            int i = n.incrementAndGet();
            e.push(
                    new AgentStateChanged("agt_1", AgentStatus.RUNNING, ""),
                    new TextDelta("agt_1", "answer " + i),
                    new TurnEnded("agt_1", 1, "end_turn"),
                    new AgentStateChanged("agt_1", AgentStatus.DONE, null),
                    finished("answer " + i));
        };
        e.on(StartAgent.class, s -> {
            turn.run();
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(SendInput.class, s -> {
            turn.run();
            return Ack.ok("ok");
        });
        String out = run(e, "one\ntwo\nthree\nfour\nfive\n");
        for (int i = 1; i <= 5; i++) assertThat(out).contains("answer " + i);
        assertThat(e.submitted(StartAgent.class)).hasSize(1);
        assertThat(e.submitted(SendInput.class))
                .extracting(SendInput::agentId)
                .containsOnly("agt_1")
                .hasSize(4);
    }

    @Test
    void aMessageToAnAgentItsOwnerNoLongerHasContinuesTheSessionWithANewOne() throws Exception {
        FakeEngine e = new FakeEngine();
        e.on(StartAgent.class, s -> {
            e.push(new TurnEnded("agt_1", 1, "end_turn"), finished("hi"));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(SendInput.class, s -> {
            throw dev.dispatch.protocol.EngineException.notFound("no running agent 'agt_1'");
        });
        run(e, "one\ntwo\n");
        assertThat(e.submitted(StartAgent.class)).hasSize(2);
        assertThat(e.submitted(StartAgent.class).get(1).sessionId()).isEqualTo("ses_1");
    }

    private static AgentFinished finished(String text) {
        return new AgentFinished("agt_1", AgentStatus.DONE, text, null);
    }

    @Test
    void helpAndCompletionComeFromTheWorkbenchsOneCommandTable() throws Exception {
        String out = run(new FakeEngine(), "/help\n/fork\n/nope\n/quit\n");
        for (String line : SlashCommands.chatHelpLines()) assertThat(out).contains(line);
        assertThat(SlashCommands.chatHelpLines()).anySatisfy(l -> assertThat(l).startsWith("/unqueue"));
        assertThat(LineChat.COMMANDS)
                .containsExactlyElementsOf(SlashCommands.inChat().stream()
                        .map(SlashCommands.Command::name)
                        .toList());
        assertThat(SlashCommands.names()).containsAll(LineChat.COMMANDS);
        assertThat(out)
                .contains("/fork is a workbench command (run dispatch without chat)")
                .contains("Unknown command '/nope'. Commands: /help /model");
    }
}
