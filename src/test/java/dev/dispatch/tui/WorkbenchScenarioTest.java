package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.AgentStateChanged;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.PermissionResolved;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.ToolOutput;
import dev.dispatch.protocol.RuntimeEvents.UserMessageDelivered;
import dev.dispatch.protocol.SessionOps.CancelAgent;
import dev.dispatch.protocol.SessionOps.ReplyPermission;
import dev.dispatch.protocol.SessionOps.SendInput;
import dev.dispatch.protocol.SessionOps.StartAgent;
import dev.dispatch.protocol.SessionOps.StartAgentResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key-driven scenarios against the scriptable engine: what the user types becomes the right ops,
 * and what the engine emits ends up on screen. (The real-engine variant runs the agent loop against
 * the scripted model server once that exists.)
 */
class WorkbenchScenarioTest {
    static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");

    FakeEngine engine() {
        FakeEngine e = WorkbenchGoldenTest.configured();
        e.on(StartAgent.class, s -> {
            // the real loop emits its first events before submit returns: the prompt must still come first
            e.push(new AgentStarted("agt_1", null, "main", "ses_1", "claude-sonnet-4", "anthropic", AT));
            return new StartAgentResult("agt_1", "ses_1", "claude-sonnet-4", "anthropic");
        });
        e.on(ReplyPermission.class, r -> Ack.ok("answered"));
        e.on(SendInput.class, r -> Ack.ok("queued"));
        e.on(CancelAgent.class, r -> Ack.ok("cancelled"));
        e.on(
                dev.dispatch.protocol.ModelOps.ListModels.class,
                r -> new dev.dispatch.protocol.ModelOps.ModelsResult(
                        java.util.List.of(new dev.dispatch.protocol.ModelOps.ModelRow(
                                "gpt-5",
                                "openai",
                                "gpt-5",
                                java.util.List.of(),
                                400_000,
                                null,
                                null,
                                "k",
                                java.util.List.of()))));
        return e;
    }

    /**
     * The task board is a fold of committed events: asked once at start, again when a task change
     * commits, and not at all while nothing happens (no timer), whatever else streams meanwhile.
     */
    @Test
    void theTaskBoardIsAskedAgainOnlyWhenATaskChangeCommits() throws Exception {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        v.pump();
        int atStart = e.submitted(dev.dispatch.protocol.WorkbenchOps.ListTaskBoard.class)
                .size();
        assertThat(atStart).isEqualTo(1);
        WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
        e.push(
                new TextDelta("agt_1", "thinking"),
                journal(
                        1,
                        new dev.dispatch.protocol.AgentOps.AgentStatusChanged(
                                dev.dispatch.protocol.AgentOps.Status.active, null, null, null, null)),
                journal(2, new dev.dispatch.protocol.MessageOps.MessagesRead("w1", List.of(1L))));
        Thread.sleep(3_500); // longer than the old refresh period
        v.pump();
        assertThat(e.submitted(dev.dispatch.protocol.WorkbenchOps.ListTaskBoard.class))
                .as("no task change, no question")
                .hasSize(1);
        e.push(
                journal(3, new dev.dispatch.protocol.TaskOps.TaskClaimed("t1", 1, AT)),
                journal(4, new dev.dispatch.protocol.TaskOps.TaskCompleted("t1", 1)));
        v.pump();
        v.pump();
        int after = e.submitted(dev.dispatch.protocol.WorkbenchOps.ListTaskBoard.class)
                .size();
        assertThat(after).as("asked again for the committed task changes").isBetween(2, 3);
    }

    private static dev.dispatch.protocol.JournalEvent journal(long seq, dev.dispatch.protocol.JournalPayload p) {
        return new dev.dispatch.protocol.JournalEvent(seq, "demo", "w1", AT, p);
    }

    @Test
    void promptToolCallPermissionApproveResult() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        v.type("list the build dir").key(KeyType.Enter);

        StartAgent start = e.submitted(StartAgent.class).getFirst();
        assertThat(start.prompt()).isEqualTo("list the build dir");
        assertThat(start.cwd()).isEqualTo("/work/demo");
        assertThat(v.text()).contains("› you").contains("list the build dir").contains("main · running");

        e.push(new TextDelta("agt_1", "Let me look."));
        e.push(new ToolCallStarted("agt_1", "call_1", "shell", "{\"command\":\"ls build\"}"));
        e.push(new AgentStateChanged("agt_1", AgentStatus.WAITING_USER, "permission"));
        e.push(new PermissionRequested(
                "perm_1", "agt_1", "shell", "execute", List.of(), "ls build", "reads outside the sandbox", AT));
        v.pump();
        assertThat(v.text())
                .contains("Permission needed")
                .contains("Command:   ls build")
                .contains("reads outside the sandbox");

        v.type("x"); // not an answer: the modal stays and nothing is sent
        assertThat(e.submitted(ReplyPermission.class)).isEmpty();
        assertThat(v.text()).contains("Permission needed");

        v.type("o");
        assertThat(e.submitted(ReplyPermission.class))
                .containsExactly(new ReplyPermission("perm_1", PermissionAnswer.ONCE, null));
        assertThat(v.text()).doesNotContain("Permission needed");

        e.push(new PermissionResolved("perm_1", "agt_1", PermissionAnswer.ONCE, null));
        e.push(new AgentStateChanged("agt_1", AgentStatus.RUNNING, null));
        e.push(new ToolOutput("agt_1", "call_1", "stdout", "dispatch.jar\n"));
        e.push(new ToolCallFinished("agt_1", "call_1", "shell", "dispatch.jar\n", false, 0));
        e.push(new TextDelta("agt_1", "The build dir holds dispatch.jar."));
        v.pump();
        assertThat(v.text())
                .contains("$ shell  ls build")
                .contains("✓ exit 0")
                .contains("The build dir holds dispatch.jar.");
        assertThat(v.wb.vm.permissionLog).singleElement().satisfies(l -> {
            assertThat(l.decision()).isEqualTo(PermissionAnswer.ONCE);
            assertThat(l.by()).isEqualTo("you");
        });
    }

    @Test
    void promptsTypedWhileTheAgentWorksGoInOrderOnePerFinishedTurn() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 120, 30);
        v.type("start").key(KeyType.Enter);
        e.push(new AgentStateChanged("agt_1", AgentStatus.RUNNING, null));
        v.pump().type("also check the docs").key(KeyType.Enter);
        v.type("then the tests").key(KeyType.Enter);
        assertThat(e.submitted(SendInput.class)).isEmpty();
        assertThat(v.text()).contains("(queued: sent when the turn ends)").contains("2 queued (/unqueue)");
        // a tool boundary is not the end of the turn
        e.push(new ToolCallFinished("agt_1", "call_1", "shell", "ok\n", false, 0));
        v.pump();
        assertThat(e.submitted(SendInput.class)).isEmpty();

        e.push(new AgentFinished("agt_1", AgentStatus.DONE, "done", null));
        v.pump();
        assertThat(e.submitted(SendInput.class)).containsExactly(new SendInput("agt_1", "also check the docs"));
        e.push(new UserMessageDelivered("agt_1", "also check the docs"));
        e.push(new AgentStateChanged("agt_1", AgentStatus.RUNNING, null));
        assertThat(v.pump().text()).contains("1 queued (/unqueue)");
        e.push(new AgentFinished("agt_1", AgentStatus.CANCELLED, null, ViewModel.INTERRUPTED));
        v.pump();
        assertThat(e.submitted(SendInput.class))
                .containsExactly(
                        new SendInput("agt_1", "also check the docs"), new SendInput("agt_1", "then the tests"));
        e.push(new UserMessageDelivered("agt_1", "then the tests"));
        assertThat(v.pump().text()).doesNotContain("(queued").doesNotContain("queued (/unqueue)");
    }

    @Test
    void unqueueTakesBackTheNewestQueuedPromptBeforeItIsSent() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 120, 30);
        v.type("start").key(KeyType.Enter);
        e.push(new AgentStateChanged("agt_1", AgentStatus.RUNNING, null));
        v.pump().type("first").key(KeyType.Enter);
        v.type("second thoughts").key(KeyType.Enter);
        v.type("/unqueue").key(KeyType.Enter);
        assertThat(v.text())
                .contains("Took back 1 queued prompt (not sent): second thoughts")
                .doesNotContain("  second thoughts");
        assertThat(v.wb.vm.queued.size("agt_1")).isEqualTo(1);
        v.type("/unqueue everything").key(KeyType.Enter);
        assertThat(v.text()).contains("'/unqueue everything' is not a form");
        e.push(new AgentFinished("agt_1", AgentStatus.DONE, "done", null));
        v.pump();
        assertThat(e.submitted(SendInput.class)).containsExactly(new SendInput("agt_1", "first"));
        v.type("/unqueue all").key(KeyType.Enter);
        assertThat(v.text()).contains("No queued prompt for");
    }

    @Test
    void aCancelledAgentDropsWhatWasQueuedForIt() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 120, 30);
        v.type("start").key(KeyType.Enter);
        e.push(new AgentStateChanged("agt_1", AgentStatus.RUNNING, null));
        v.pump().type("later").key(KeyType.Enter);
        e.push(new AgentFinished("agt_1", AgentStatus.CANCELLED, null, "cancelled by the operator"));
        assertThat(v.pump().text()).contains("1 queued prompt not sent:").contains("was cancelled");
        assertThat(e.submitted(SendInput.class)).isEmpty();
    }

    @Test
    void startFailureIsShownNotThrown() {
        var v = new VirtualWorkbench(WorkbenchGoldenTest.configured(), 100, 30);
        v.type("hello").key(KeyType.Enter);
        assertThat(v.text()).contains("hello").contains("Could not start an agent: no handler for StartAgent");
    }

    @Test
    void historySlashCompletionAndMultiLine() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        v.type("/mo").key(KeyType.Tab);
        assertThat(v.wb.input.text.toString()).isEqualTo("/model ");
        v.type("gpt-5").key(KeyType.Enter);
        assertThat(v.wb.vm.modelOverride).isEqualTo("gpt-5");
        v.type("/c");
        assertThat(v.text()).contains("/clear").contains("/cancel"); // the popup lists both
        v.key(KeyType.Backspace).key(KeyType.Backspace);
        v.type("one");
        v.wb.press(new com.googlecode.lanterna.input.KeyStroke(KeyType.Enter, false, true));
        v.type("two").key(KeyType.Enter);
        assertThat(e.submitted(StartAgent.class).getFirst().prompt()).isEqualTo("one\ntwo");
        assertThat(e.submitted(StartAgent.class).getFirst().model()).isEqualTo("gpt-5");
        v.key(KeyType.ArrowUp);
        assertThat(v.wb.input.text.toString()).isEqualTo("one\ntwo");
        v.key(KeyType.ArrowDown);
        assertThat(v.wb.input.text.toString()).isEmpty();
    }

    @Test
    void treeSelectionSwitchesTheChatAndCancelTargetsTheSelection() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        e.push(
                new AgentStarted("agt_1", null, "lead", "s1", "m", "p", AT),
                new AgentStarted("agt_2", "agt_1", "child", "s2", "m", "p", AT));
        e.push(new TextDelta("agt_1", "lead text"), new TextDelta("agt_2", "child text"));
        v.pump();
        assertThat(v.text()).contains("lead text").doesNotContain("child text");
        v.key(KeyType.Tab).key(KeyType.Tab).key(KeyType.ArrowDown);
        assertThat(v.text()).contains("child text").doesNotContain("lead text");
        v.ctrl('x');
        assertThat(e.submitted(CancelAgent.class))
                .singleElement()
                .extracting(CancelAgent::agentId)
                .isEqualTo("agt_2");
    }

    @Test
    void searchFindsOldMessagesAndScrollsToThem() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        e.push(new AgentStarted("agt_1", null, "main", "s1", "m", "p", AT));
        for (int i = 0; i < 300; i++) {
            e.push(new ToolCallStarted("agt_1", "c" + i, "read_file", "{\"path\":\"f" + i + ".txt\"}"));
            e.push(new ToolCallFinished(
                    "agt_1", "c" + i, "read_file", i == 7 ? "the needle is here" : "hay", false, null));
        }
        v.pump();
        assertThat(v.text()).contains("f299.txt").doesNotContain("f7.txt");
        v.ctrl('f').type("needle");
        assertThat(v.text()).contains("f7.txt").contains("1 of 1").contains("scrolled");
        v.key(KeyType.Escape).key(KeyType.Tab).key(KeyType.End);
        assertThat(v.text()).contains("f299.txt");
    }
}
