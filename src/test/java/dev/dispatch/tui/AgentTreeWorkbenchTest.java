package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.KeyEvents.KeySwitched;
import dev.dispatch.protocol.ModelOps.ConfigEntry;
import dev.dispatch.protocol.ModelOps.ConfigResult;
import dev.dispatch.protocol.ModelOps.ShowConfig;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.AgentStateChanged;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.QuestionAnswered;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.UsageRecorded;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.protocol.SessionOps.AgentTreeResult;
import dev.dispatch.protocol.SessionOps.AnswerQuestion;
import dev.dispatch.protocol.SessionOps.ListAgents;
import dev.dispatch.protocol.SessionOps.ReplyPermission;
import dev.dispatch.protocol.SessionOps.SendInput;
import dev.dispatch.protocol.SessionOps.StartAgent;
import dev.dispatch.protocol.SessionOps.StartAgentResult;
import dev.dispatch.protocol.WorkbenchOps.ListTaskBoard;
import dev.dispatch.protocol.WorkbenchOps.TaskBoard;
import dev.dispatch.protocol.WorkbenchOps.TaskLine;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The agent tree of the workbench against the scriptable engine: the tree as a live fold of events
 * (new agents, status icons, waits, model badges), folding and counts, the detail pane, the one
 * approval queue (prompts and detached agents' questions in order, named by ancestry, with a bell),
 * questions answered inline, threads, read-only finished threads, and {@code /agent TEMPLATE}.
 */
class AgentTreeWorkbenchTest {
    static final Instant AT = WorkbenchGoldenTest.AT;

    /** The engine's agent list: what events do not carry (detached, template, depth). */
    final List<AgentSnapshot> listed = new CopyOnWriteArrayList<>();

    FakeEngine engine() {
        FakeEngine e = WorkbenchGoldenTest.configured()
                .on(ListAgents.class, l -> new AgentTreeResult(List.copyOf(listed)))
                .on(ReplyPermission.class, r -> Ack.ok("answered"))
                .on(AnswerQuestion.class, r -> Ack.ok("answered"))
                .on(SendInput.class, r -> Ack.ok("queued"));
        e.on(
                ListTaskBoard.class,
                t -> new TaskBoard(
                        List.of(new TaskLine("task_1", "write parser", "claimed", "worker")),
                        "agt_2".equals(t.agentId())
                                ? List.of(
                                        new TaskLine("t_a", "read the schema", "done", "planner"),
                                        new TaskLine("t_b", "write plan.md", "claimed", "planner"))
                                : List.of()));
        return e;
    }

    AgentSnapshot snap(String id, String parent, String name, int depth, String template, boolean detached) {
        return new AgentSnapshot(
                id,
                parent,
                name,
                "ses_" + id,
                "claude-sonnet-4",
                "anthropic",
                AgentStatus.RUNNING,
                "",
                0,
                0,
                0,
                depth,
                template,
                detached);
    }

    /** main › planner (detached) › researcher, and a writer under main. */
    void family(FakeEngine e) {
        listed.add(snap("agt_1", null, "main", 0, "main", false));
        AgentSnapshot planner = snap("agt_2", "agt_1", "planner", 1, "planner", true);
        listed.add(new AgentSnapshot(
                planner.agentId(),
                planner.parentAgentId(),
                planner.name(),
                planner.sessionId(),
                planner.model(),
                planner.provider(),
                planner.status(),
                planner.detail(),
                0,
                0,
                0,
                1,
                "planner",
                true,
                List.of("read /repo/docs", "summon_subagents"),
                List.of("plan-with-detached-child")));
        listed.add(snap("agt_3", "agt_2", "researcher", 2, "researcher", false));
        listed.add(snap("agt_4", "agt_1", "writer", 1, "writer", false));
        WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
        WorkbenchGoldenTest.agent(e, "agt_2", "agt_1", "planner");
        WorkbenchGoldenTest.agent(e, "agt_3", "agt_2", "researcher");
        WorkbenchGoldenTest.agent(e, "agt_4", "agt_1", "writer");
    }

    static int bells(VirtualWorkbench v, AtomicInteger n) {
        v.terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            public void onFlush() {}

            public void onBell() {
                n.incrementAndGet();
            }

            public void onClose() {}

            public void onResized(
                    com.googlecode.lanterna.terminal.Terminal t, com.googlecode.lanterna.TerminalSize s) {}
        });
        return n.get();
    }

    @Test
    void theTreeIsALiveFoldOfEvents() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 130, 24);
        listed.add(snap("agt_1", null, "main", 0, "main", false));
        WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
        assertThat(v.pump().text()).contains("Agents (1)").contains("▶ main");

        AgentSnapshot planner = snap("agt_2", "agt_1", "planner", 1, "planner", true);
        listed.add(new AgentSnapshot(
                planner.agentId(),
                planner.parentAgentId(),
                planner.name(),
                planner.sessionId(),
                planner.model(),
                planner.provider(),
                planner.status(),
                planner.detail(),
                0,
                0,
                0,
                1,
                "planner",
                true,
                List.of("read /repo/docs", "summon_subagents"),
                List.of("plan-with-detached-child")));
        WorkbenchGoldenTest.agent(e, "agt_2", "agt_1", "planner");
        e.push(new AgentStateChanged("agt_1", AgentStatus.WAITING_CHILDREN, "waiting for planner"));
        assertThat(v.pump().text()).contains("Agents (2)").contains("◇ main").contains("▶ planner »");

        e.push(new AgentStateChanged("agt_2", AgentStatus.WAITING_KEY, "key 'work' cools down until 12:05"));
        assertThat(v.pump().text()).contains("◷ planner »").contains("?2");
        // a key switch is journaled: it arrives committed, with its sequence number
        e.push(new dev.dispatch.protocol.JournalEvent(
                7, null, null, null, new KeySwitched("agt_2", "work", "spare", "gpt-5", "work cooling down")));
        e.push(new AgentStateChanged("agt_2", AgentStatus.RUNNING, ""));
        String screen = v.pump().text();
        assertThat(screen).contains("▶ planner »").contains("gpt-5");
        Goldens.assertScreen("agent-tree-live", screen);
    }

    @Test
    void aSubtreeFoldsAndTheCountsStayWhole() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 130, 24);
        family(e);
        e.push(new AgentFinished("agt_3", AgentStatus.DONE, "found 3 files", null));
        e.push(new AgentStateChanged("agt_4", AgentStatus.WAITING_USER, "question"));
        v.pump();
        assertThat(v.text()).contains("Agents (4)").contains("✓ researcher").contains(" Σ4 ▶2 ?1 ✓1 ✗0");
        v.key(KeyType.Tab).key(KeyType.Tab); // input → chat → tree
        v.wb.press(new KeyStroke(KeyType.ArrowDown, false, true)); // alt+↓ to planner
        v.type(" ");
        String folded = v.text();
        assertThat(folded)
                .contains("Agents (4, 3 shown)")
                .contains("planner » +1")
                .doesNotContain("researcher");
        assertThat(folded).contains(" Σ4 ▶2 ?1 ✓1 ✗0"); // a fold hides rows, never counts
        Goldens.assertScreen("agent-tree-folded", folded);
        v.key(KeyType.ArrowRight);
        assertThat(v.text()).contains("researcher").contains("Agents (4)");
        v.key(KeyType.ArrowLeft).key(KeyType.ArrowDown);
        assertThat(v.wb.vm.selectedId).isEqualTo("agt_4"); // the folded rows are skipped
        v.key(KeyType.ArrowUp).key(KeyType.Enter);
        assertThat(v.text()).contains("planner · running");
    }

    @Test
    void theDetailPaneShowsTheSelectedAgent() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 130, 30);
        family(e);
        e.push(new UsageRecorded("agt_2", "claude-sonnet-4", 1200, 300, 0, 0, 0.0123));
        e.push(new AgentStateChanged("agt_2", AgentStatus.WAITING_CHILDREN, "waiting for researcher"));
        v.pump();
        v.wb.press(new KeyStroke(KeyType.ArrowDown, false, true)); // planner
        v.key(KeyType.F3);
        String s = v.text();
        assertThat(s)
                .contains("Details · F3 hides")
                .contains("model     anthropic/claude-sonnet-4")
                .contains("parent    main")
                .contains("template  planner · depth 1 · detached (own thread)")
                .contains("status    waiting for children: waiting for researcher")
                .contains("1.5k tok (1.2k in, 300 out) · $0.0123")
                .contains("tasks     2: ✓ read the schema [done] · ▶ write plan.md [claimed]")
                .contains("may       read /repo/docs · summon_subagents")
                .contains("skills    plan-with-detached-child");
        Goldens.assertScreen("agent-details", s);
        v.key(KeyType.F3);
        assertThat(v.text()).doesNotContain("Details · F3 hides");
    }

    @Test
    void oneQueueInOrderNamesAncestryAndRings() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        AtomicInteger bell = new AtomicInteger();
        bells(v, bell);
        family(e);
        e.push(new PermissionRequested(
                "perm_1",
                "agt_3",
                "shell",
                "execute",
                List.of(),
                "grep -r OAuth src",
                "outside the allow list",
                AT,
                "main › planner › researcher"));
        e.push(new QuestionAsked(
                "q_1", "agt_2", "main › planner", "Which database?", List.of("Postgres", "SQLite"), AT));
        e.push(new PermissionRequested(
                "perm_2", "agt_1", "write_file", "write", List.of("/work/demo/x"), null, "new file", AT, "main"));
        v.pump();
        assertThat(bell.get()).isGreaterThanOrEqualTo(1);
        String first = v.text();
        assertThat(first)
                .contains("Permission needed · 1 of 3 pending")
                .contains("Agent:     main › planner › researcher")
                .contains("grep -r OAuth src")
                .contains("⚑ researcher needs permission (+2 waiting)");
        v.type("o");
        assertThat(e.submitted(ReplyPermission.class))
                .extracting(ReplyPermission::requestId)
                .containsExactly("perm_1");
        String question = v.text();
        assertThat(question)
                .contains("Question · 1 of 2 waiting")
                .contains("Agent:  main › planner")
                .contains("Which database?")
                .contains("1) Postgres")
                .contains("2) SQLite");
        v.type("2");
        Goldens.assertScreen("question-modal", v.text());
        v.key(KeyType.Enter);
        assertThat(e.submitted(AnswerQuestion.class))
                .extracting(AnswerQuestion::answer)
                .containsExactly("SQLite");
        assertThat(v.text())
                .contains("Permission needed")
                .contains("/work/demo/x")
                .doesNotContain("1 of");
        e.push(new QuestionAnswered("q_1", "agt_2", "SQLite", false));
        v.type("d");
        assertThat(v.text()).doesNotContain("Permission needed").doesNotContain("⚑");
        assertThat(v.wb.vm.agents.get("agt_2").transcript.entries())
                .anySatisfy(x -> assertThat(x).isInstanceOf(Entry.User.class));
    }

    @Test
    void aPutOffQuestionIsAnsweredFromItsThreadWhileMainChats() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        family(e);
        e.push(new QuestionAsked("q_7", "agt_2", "main › planner", "Name the service?", List.of(), AT));
        e.push(new AgentStateChanged("agt_1", AgentStatus.IDLE, null)); // main waits for the user
        v.pump().key(KeyType.Escape);
        assertThat(v.text()).doesNotContain("Question").contains("⚑ planner asks you · ^G");
        v.type("keep going").key(KeyType.Enter); // main is selected: chatting goes on
        assertThat(e.submitted(SendInput.class))
                .extracting(s -> s.agentId() + ":" + s.text())
                .containsExactly("agt_1:keep going");
        v.ctrl('t'); // next thread: the detached planner
        assertThat(v.wb.vm.selectedId).isEqualTo("agt_2");
        assertThat(v.text()).contains("answer planner's question").contains("? Name the service?");
        v.type("billing").key(KeyType.Enter);
        assertThat(e.submitted(AnswerQuestion.class))
                .extracting(a -> a.questionId() + "=" + a.answer())
                .containsExactly("q_7=billing");
        assertThat(e.submitted(SendInput.class)).hasSize(1);
        v.ctrl('t');
        assertThat(v.wb.vm.selectedId).isEqualTo("agt_1");
    }

    @Test
    void ctrlGBringsAPutOffQuestionBack() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        family(e);
        e.push(new QuestionAsked("q_8", "agt_2", "main › planner", "Ship it?", List.of("yes", "no"), AT));
        v.pump().key(KeyType.Escape);
        assertThat(v.text()).doesNotContain("Ship it?");
        v.ctrl('g');
        assertThat(v.text()).contains("Ship it?").contains("1) yes");
        v.type("9").key(KeyType.Enter); // no option 9: the text itself is the answer
        assertThat(e.submitted(AnswerQuestion.class))
                .extracting(AnswerQuestion::answer)
                .containsExactly("9");
    }

    @Test
    void aRefusedAnswerPutsTheQuestionBack() {
        FakeEngine e = engine();
        e.on(AnswerQuestion.class, a -> {
            throw dev.dispatch.protocol.EngineException.conflict("question q_9 was already answered");
        });
        var v = new VirtualWorkbench(e, 100, 30);
        family(e);
        e.push(new QuestionAsked("q_9", "agt_2", "main › planner", "Ready?", List.of(), AT));
        v.pump().type("yes").key(KeyType.Enter);
        assertThat(v.text()).contains("Ready?");
        assertThat(v.wb.vm.agents.get("agt_2").transcript.entries())
                .anySatisfy(x -> assertThat(x.toString() + ((x instanceof Entry.Notice n) ? n.text : ""))
                        .contains("already answered"));
    }

    @Test
    void aFinishedDetachedThreadIsReadOnly() {
        FakeEngine e = engine();
        e.on(StartAgent.class, s -> new StartAgentResult("agt_9", "ses_9", "m", "p"));
        var v = new VirtualWorkbench(e, 100, 30);
        family(e);
        e.push(new TextDelta("agt_2", "plan.md written."));
        e.push(new AgentFinished("agt_2", AgentStatus.DONE, "plan.md written", null));
        v.pump().ctrl('t');
        assertThat(v.wb.vm.selectedId).isEqualTo("agt_2");
        assertThat(v.text()).contains("read-only: planner finished");
        v.type("one more thing").key(KeyType.Enter);
        assertThat(e.submitted(SendInput.class)).isEmpty();
        assertThat(e.submitted(StartAgent.class)).isEmpty();
        assertThat(v.text()).contains("its thread is read-only");
    }

    @Test
    void inputGoesToTheSelectedAgent() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 100, 30);
        family(e);
        v.pump();
        for (int i = 0; i < 3; i++) v.wb.press(new KeyStroke(KeyType.ArrowDown, false, true));
        v.pump();
        assertThat(v.text()).contains("─ to writer");
        // the writer works: a plain prompt waits for its turn to end, an @writer message goes at once
        v.type("and then a summary").key(KeyType.Enter);
        assertThat(e.submitted(SendInput.class)).isEmpty();
        v.type("@writer focus on OAuth").key(KeyType.Enter);
        assertThat(e.submitted(SendInput.class))
                .extracting(s -> s.agentId() + ":" + s.text())
                .containsExactly("agt_4:focus on OAuth");
        assertThat(v.text()).contains("(sent: read at its next model request)");
        e.push(new AgentFinished("agt_4", AgentStatus.DONE, "draft written", null));
        v.pump();
        assertThat(e.submitted(SendInput.class))
                .extracting(s -> s.agentId() + ":" + s.text())
                .containsExactly("agt_4:focus on OAuth", "agt_4:and then a summary");
    }

    @Test
    void slashAgentValidatesTheTemplateThenStartsFromIt() {
        FakeEngine e = engine();
        e.on(
                ShowConfig.class,
                c -> new ConfigResult(
                        List.of(
                                new ConfigEntry("agents.planner.model", "claude-sonnet-4", "dispatch.yaml"),
                                new ConfigEntry("defaults.model", "x", "config.yaml")),
                        List.of()));
        e.on(StartAgent.class, s -> new StartAgentResult("agt_1", "ses_1", "claude-sonnet-4", "anthropic"));
        var v = new VirtualWorkbench(e, 100, 30);
        v.type("/agent ../etc").key(KeyType.Enter);
        assertThat(v.text()).contains("'../etc' is not a template name");
        v.type("/agent nope").key(KeyType.Enter);
        assertThat(v.text())
                .contains("No agent template 'nope'")
                .contains("templates: planner")
                .contains("Nothing changed");
        assertThat(v.wb.vm.template).isNull();
        v.type("/agent planner").key(KeyType.Enter);
        assertThat(v.text()).contains("to new agent from template planner");
        v.type("plan the migration").key(KeyType.Enter);
        assertThat(e.submitted(StartAgent.class))
                .extracting(StartAgent::template)
                .containsExactly("planner");
    }

    @Test
    void aHostileQuestionNeverHidesTheAnswerLineOrEscapesTheTerminal() {
        FakeEngine e = engine();
        var v = new VirtualWorkbench(e, 80, 24);
        family(e);
        List<String> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) many.add("option " + i);
        e.push(new QuestionAsked(
                "q_x", "agt_2", "main › \u001b[31mplanner", "Pick \u001b[2Jone\n".repeat(30), many, AT));
        v.pump().type("40");
        String s = v.text();
        assertThat(s).contains("Answer: 40").contains("Enter sends").doesNotContain("\u001b");
        v.key(KeyType.Enter);
        assertThat(e.submitted(AnswerQuestion.class))
                .extracting(AnswerQuestion::answer)
                .containsExactly("option 40");
    }
}
