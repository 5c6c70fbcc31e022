package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.AgentStateChanged;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.PermissionResolved;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.ToolOutput;
import dev.dispatch.protocol.RuntimeEvents.UsageRecorded;
import dev.dispatch.protocol.RuntimeEvents.UserMessageDelivered;
import dev.dispatch.protocol.WorkbenchOps.DescribeWorkbench;
import dev.dispatch.protocol.WorkbenchOps.ListTaskBoard;
import dev.dispatch.protocol.WorkbenchOps.TaskBoard;
import dev.dispatch.protocol.WorkbenchOps.TaskLine;
import dev.dispatch.protocol.WorkbenchOps.WorkbenchInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden screens of the workbench on Lanterna's virtual terminal. Goldens live in
 * {@code src/test/resources/dev/dispatch/tui/golden/}; refresh them after an intended change with
 * {@code ./mvnw -B -o -q test -Dtest='*Golden*' -Ddispatch.updateGoldens=true} and review the diff.
 */
class WorkbenchGoldenTest {
    static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");

    static FakeEngine configured() {
        return new FakeEngine()
                .on(
                        DescribeWorkbench.class,
                        d -> new WorkbenchInfo("demo", "anthropic", "claude-sonnet-4", "bubblewrap", "1 key ok"))
                .on(
                        ListTaskBoard.class,
                        t -> new TaskBoard(
                                List.of(
                                        new TaskLine("task_1", "write parser", "claimed", "worker"),
                                        new TaskLine("task_2", "docs", "ready", null)),
                                List.of()));
    }

    static void agent(FakeEngine e, String id, String parent, String name) {
        e.push(new AgentStarted(id, parent, name, "ses_" + id, "claude-sonnet-4", "anthropic", AT));
    }

    static PermissionRequested ask(String id, String agent, String tool, String command, List<String> paths) {
        return new PermissionRequested(
                id, agent, tool, command != null ? "execute" : "write", paths, command, "outside the project root", AT);
    }

    @Test
    void emptyStartWithNoProviderIsAGuideNotACrash() {
        FakeEngine e = new FakeEngine()
                .on(
                        DescribeWorkbench.class,
                        d -> new WorkbenchInfo("demo", null, null, "unsandboxed", "no key configured"));
        var v = new VirtualWorkbench(e, 100, 30);
        assertThat(v.text()).contains("No model provider is configured").contains("ANTHROPIC_API_KEY");
        Goldens.assertScreen("empty-start", v.text());
    }

    @Test
    void engineThatCannotDescribeItselfShowsUnknown() {
        var v = new VirtualWorkbench(new FakeEngine(), 100, 30);
        assertThat(v.text())
                .contains("space demo │ in-process │ unknown/unknown │ unknown │ keys: unknown")
                .contains("Provider: unknown");
    }

    @Test
    void streamingAnswerGrowsInPlace() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 100, 30);
        agent(e, "agt_1", null, "main");
        e.push(
                new UserMessageDelivered("agt_1", "Explain the build"),
                new AgentStateChanged("agt_1", AgentStatus.RUNNING, null));
        for (String d : "The build uses Maven. It compiles with --release 21 and shades one jar.".split("(?<= )")) {
            e.push(new TextDelta("agt_1", d));
        }
        e.push(new UsageRecorded("agt_1", "claude-sonnet-4", 1200, 340, 0, 0, 0.0123));
        Goldens.assertScreen("streaming-answer", v.pump().text());
    }

    static void shellCall(FakeEngine e) {
        agent(e, "agt_1", null, "main");
        e.push(new UserMessageDelivered("agt_1", "Run the tests"));
        e.push(new TextDelta("agt_1", "Running them now."));
        e.push(new ToolCallStarted("agt_1", "call_1", "shell", "{\"command\":\"mvn -q test\"}"));
        e.push(new ToolOutput("agt_1", "call_1", "stdout", "Tests run: 12, Failures: 1\n"));
        e.push(new ToolCallFinished(
                "agt_1", "call_1", "shell", "Tests run: 12, Failures: 1\nBUILD FAILURE\n", true, 1));
        e.push(new ToolCallStarted("agt_1", "call_2", "read_file", "{\"path\":\"src/Main.java\"}"));
        e.push(new ToolCallFinished("agt_1", "call_2", "read_file", "package demo;\n\nclass Main {}\n", false, null));
    }

    @Test
    void toolCallsCollapsedThenExpanded() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 100, 30);
        shellCall(e);
        v.pump();
        Goldens.assertScreen("tool-collapsed", v.text());
        v.ctrl('o');
        Goldens.assertScreen("tool-expanded", v.text());
    }

    @Test
    void shellOutputShowsTheExitCode() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 100, 30);
        agent(e, "agt_1", null, "main");
        e.push(new ToolCallStarted("agt_1", "call_1", "shell", "{\"command\":\"ls -l build\"}"));
        e.push(new ToolOutput("agt_1", "call_1", "stdout", "total 8\n-rw-r--r-- 1 me me 42 out.txt\n"));
        e.push(new ToolCallFinished("agt_1", "call_1", "shell", "total 8\n-rw-r--r-- 1 me me 42 out.txt\n", false, 0));
        v.pump().key(KeyType.Tab).key(KeyType.ArrowUp).key(KeyType.Enter);
        assertThat(v.text()).contains("└ ✓ exit 0");
        Goldens.assertScreen("shell-exit-code", v.text());
    }

    @Test
    void permissionModalNamesAgentToolPathAndReason() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 100, 30);
        agent(e, "agt_1", null, "main");
        e.push(new ToolCallStarted("agt_1", "call_1", "write_file", "{\"path\":\"/etc/hosts\"}"));
        e.push(ask("perm_1", "agt_1", "write_file", null, List.of("/etc/hosts")));
        Goldens.assertScreen("permission-modal", v.pump().text());
    }

    @Test
    void twoQueuedPromptsShowTheCountAndComeOneAfterTheOther() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 100, 30);
        agent(e, "agt_1", null, "main");
        agent(e, "agt_2", "agt_1", "helper");
        e.push(ask("perm_1", "agt_1", "shell", "rm -rf /tmp/cache", null));
        e.push(ask("perm_2", "agt_2", "write_file", null, List.of("/home/me/.bashrc")));
        v.pump();
        assertThat(v.text()).contains("1 of 2 pending").contains("rm -rf /tmp/cache");
        Goldens.assertScreen("two-queued-prompts", v.text());
        e.on(dev.dispatch.protocol.SessionOps.ReplyPermission.class, r -> dev.dispatch.protocol.Ack.ok("ok"));
        v.type("d");
        assertThat(v.text())
                .doesNotContain("pending")
                .contains("/home/me/.bashrc")
                .contains("helper");
    }

    @Test
    void agentTreeWithChildrenOnAWideScreen() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 130, 30);
        agent(e, "agt_1", null, "lead");
        agent(e, "agt_2", "agt_1", "parser");
        agent(e, "agt_3", "agt_1", "docs-writer");
        agent(e, "agt_4", "agt_2", "lexer");
        e.push(new AgentStateChanged("agt_1", AgentStatus.WAITING_CHILDREN, null));
        e.push(new AgentStateChanged("agt_2", AgentStatus.RUNNING, null));
        e.push(new AgentStateChanged("agt_3", AgentStatus.WAITING_KEY, "key 'work' cools down until 12:05"));
        e.push(new AgentStateChanged("agt_4", AgentStatus.DONE, null));
        e.push(new TextDelta("agt_1", "I split the work between parser and docs-writer."));
        e.push(
                ask("perm_9", "agt_2", "shell", "make lexer", null),
                new PermissionResolved("perm_9", "agt_2", PermissionAnswer.SESSION, "rule: make"));
        v.pump();
        assertThat(v.text())
                .contains("lead")
                .contains("parser")
                .contains("lexer")
                .contains("write parser");
        Goldens.assertScreen("agent-tree-children", v.text());
    }

    @Test
    void eightyByTwentyFourKeepsChatTreeInputAndStatus() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 80, 24);
        shellCall(e);
        agent(e, "agt_2", "agt_1", "helper");
        v.type("and then?");
        Goldens.assertScreen("small-80x24", v.text());
        v.key(KeyType.F1);
        Goldens.assertScreen("help-80x24", v.text());
        v.key(KeyType.Escape);
        v.key(KeyType.F2);
        assertThat(v.text()).contains("Tasks").contains("write parser");
        v.key(KeyType.F2);
        assertThat(v.text()).contains("Permission log");
    }

    @Test
    void resizeRedrawsForTheNewSize() {
        FakeEngine e = configured();
        var v = new VirtualWorkbench(e, 130, 30);
        shellCall(e);
        v.pump();
        assertThat(v.text()).contains("Permission log");
        v.resize(80, 24);
        assertThat(v.text()).doesNotContain("Permission log").contains("mvn -q test");
        v.resize(30, 8);
        assertThat(v.text()).contains("Terminal too small: 30×8");
    }

    @Test
    void helpListsTheKeys() {
        var v = new VirtualWorkbench(configured(), 100, 30);
        v.type("?");
        assertThat(v.text()).contains("ctrl+f").contains("waiting for children").contains("/model");
        v.type("?");
        assertThat(v.text()).doesNotContain("waiting for children");
    }
}
