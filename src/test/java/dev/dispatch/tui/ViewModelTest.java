package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.dispatch.protocol.RuntimeEvents.UsageRecorded;
import dev.dispatch.protocol.RuntimeEvents.UserMessageDelivered;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view model folds events without a terminal. */
class ViewModelTest {
    final ViewModel vm = new ViewModel();

    void started(String id, String parent) {
        vm.apply(new AgentStarted(id, parent, "n-" + id, "s", "model-x", "prov", Instant.EPOCH));
    }

    @Test
    void deltasGrowOneAssistantEntryUntilAToolCall() {
        started("a", null);
        for (int i = 0; i < 1000; i++) vm.apply(new TextDelta("a", "x"));
        vm.apply(new ToolCallStarted("a", "c1", "shell", "{}"));
        vm.apply(new TextDelta("a", "after"));
        List<Entry> es = vm.agents.get("a").transcript.entries();
        assertThat(es).hasSize(3);
        assertThat(((Entry.Assistant) es.get(0)).text).hasSize(1000);
        assertThat(((Entry.Assistant) es.get(2)).text.toString()).isEqualTo("after");
    }

    @Test
    void toolOutputThenFinishFillTheBlock() {
        started("a", null);
        vm.apply(new ToolCallStarted("a", "c1", "shell", "{\"command\":\"ls\"}"));
        vm.apply(new ToolOutput("a", "c1", "stdout", "one\n"));
        vm.apply(new ToolCallFinished("a", "c1", "shell", "one\n", false, 0));
        Entry.Tool t = (Entry.Tool) vm.agents.get("a").transcript.last();
        assertThat(t.output.toString()).isEqualTo("one\n");
        assertThat(t.finished).isTrue();
        assertThat(t.exitCode).isZero();
        assertThat(vm.apply(new ToolOutput("a", "unknown-call", "stdout", "x"))).isFalse();
    }

    @Test
    void treeOrdersChildrenUnderParentsAndCounts() {
        started("p", null);
        started("q", null);
        started("c1", "p");
        started("g", "c1");
        started("c2", "p");
        vm.apply(new AgentStateChanged("c2", AgentStatus.WAITING_KEY, "cooling"));
        vm.apply(new AgentFinished("g", AgentStatus.ERROR, null, "boom"));
        assertThat(vm.tree())
                .extracting(r -> r.agent().id + ":" + r.depth())
                .containsExactly("p:0", "c1:1", "g:2", "c2:1", "q:0");
        AgentTree.Counts c = vm.counts();
        assertThat(c.running()).isEqualTo(3);
        assertThat(c.waiting()).isEqualTo(1);
        assertThat(c.error()).isEqualTo(1);
        assertThat(vm.selectedId).isEqualTo("p");
        vm.moveSelection(2);
        assertThat(vm.selectedId).isEqualTo("g");
        vm.moveSelection(10);
        assertThat(vm.selectedId).isEqualTo("q");
    }

    @Test
    void usageAddsUpPerAgentAndForTheSession() {
        started("a", null);
        started("b", "a");
        vm.apply(new UsageRecorded("a", "m", 100, 20, 0, 0, 0.5));
        vm.apply(new UsageRecorded("b", "m", 10, 2, 0, 0, 0.25));
        assertThat(vm.counts().tokens()).isEqualTo(132);
        assertThat(vm.counts().costUsd()).isEqualTo(0.75);
    }

    @Test
    void permissionsQueueInOrderAndLogWhoAnswered() {
        started("a", null);
        PermissionRequested p1 =
                new PermissionRequested("r1", "a", "shell", "execute", List.of(), "make", "why", Instant.EPOCH);
        PermissionRequested p2 = new PermissionRequested(
                "r2", "a", "write_file", "write", List.of("/x", "/y"), null, "why", Instant.EPOCH);
        vm.apply(p1);
        vm.apply(p2);
        assertThat(vm.firstPending()).isEqualTo(p1);
        vm.answeredLocally(p1, PermissionAnswer.ONCE);
        assertThat(vm.firstPending()).isEqualTo(p2);
        vm.apply(new PermissionResolved("r1", "a", PermissionAnswer.ONCE, null));
        vm.apply(new PermissionResolved("r2", "a", PermissionAnswer.DENY, "rule: deny /x"));
        assertThat(vm.queue.isEmpty()).isTrue();
        assertThat(vm.permissionLog)
                .extracting(l -> l.decision() + " " + l.target() + " by " + l.by())
                .containsExactly("ONCE make by you", "DENY /x, /y by rule: deny /x");
    }

    @Test
    void aRefusedAnswerPutsThePromptBack() {
        started("a", null);
        PermissionRequested p =
                new PermissionRequested("r1", "a", "shell", "execute", List.of(), "make", "why", Instant.EPOCH);
        vm.apply(p);
        vm.answeredLocally(p, PermissionAnswer.ALWAYS);
        vm.answerFailed(p, "engine went away");
        assertThat(vm.firstPending()).isEqualTo(p);
        assertThat(vm.permissionLog).isEmpty();
    }

    @Test
    void deliveredInputIsShownOnce() {
        started("a", null);
        vm.agents.get("a").transcript.add(new Entry.User("hi", Entry.Delivery.QUEUED));
        vm.apply(new UserMessageDelivered("a", "hi"));
        vm.apply(new UserMessageDelivered("a", "from the parent"));
        assertThat(vm.agents.get("a").transcript.entries())
                .hasSize(2)
                .allSatisfy(e -> assertThat(((Entry.User) e).delivered()).isTrue());
    }

    @Test
    void eventsForAnUnknownAgentCreateIt() {
        vm.apply(new TextDelta("ghost", "boo"));
        assertThat(vm.agents).containsKey("ghost");
        assertThat(vm.tree()).hasSize(1);
    }

    @Test
    void promptsAndQuestionsShareOneQueueInArrivalOrder() {
        started("m", null);
        started("p", "m");
        PermissionRequested p1 =
                new PermissionRequested("r1", "m", "shell", "execute", List.of(), "make", "why", Instant.EPOCH, "n-m");
        var q = new dev.dispatch.protocol.RuntimeEvents.QuestionAsked(
                "q1", "p", "n-m › n-p", "Which?", List.of("a", "b"), Instant.EPOCH);
        vm.apply(q);
        vm.apply(p1);
        assertThat(vm.agents.get("p").detached).as("only detached agents ask").isTrue();
        assertThat(vm.queue.head()).isEqualTo(q);
        assertThat(vm.firstPending()).isEqualTo(p1);
        vm.queue.putOff("q1");
        assertThat(vm.queue.head()).isEqualTo(p1);
        vm.queue.putOff("r1"); // a prompt pauses a tool call: it cannot be put off
        assertThat(vm.queue.head()).isEqualTo(p1);
        assertThat(vm.queue.oldest()).isEqualTo(q);
        vm.apply(new dev.dispatch.protocol.RuntimeEvents.QuestionAnswered("q1", "p", "", true));
        assertThat(vm.queue.size()).isEqualTo(1);
        assertThat(vm.agents.get("p").transcript.entries())
                .anySatisfy(e -> assertThat(e).isInstanceOf(Entry.Notice.class));
        assertThat(vm.ancestryLabel("p", "n-m › n-p")).isEqualTo("n-m › n-p");
        assertThat(vm.ancestryLabel("p", "p")).isEqualTo("n-p");
    }

    @Test
    void foldsHideRowsNotCountsAndThreadsCycleRootsAndDetached() {
        started("m", null);
        started("p", "m");
        started("r", "p");
        started("w", "m");
        vm.agents.get("p").detached = true;
        assertThat(vm.agentTree.toggle("w")).as("a leaf has nothing to fold").isFalse();
        assertThat(vm.agentTree.toggle("p")).isTrue();
        assertThat(vm.tree()).extracting(r -> r.agent().id + "+" + r.hidden()).containsExactly("m+0", "p+1", "w+0");
        assertThat(vm.counts().total()).isEqualTo(4);
        vm.selectedId = "r";
        assertThat(vm.agentTree.visibleAncestor("r")).isEqualTo("p");
        vm.moveSelection(1);
        assertThat(vm.selectedId).isEqualTo("w");
        assertThat(vm.agentTree.threadOf("r")).isEqualTo("p");
        assertThat(vm.agentTree.nextThread("r")).isEqualTo("m");
        assertThat(vm.agentTree.nextThread("m")).isEqualTo("p");
        assertThat(vm.agentTree.nextThread("w")).isEqualTo("p");
    }
}
