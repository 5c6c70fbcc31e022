package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.FleetEvents.ExternalAgentExited;
import dev.dispatch.protocol.FleetOps;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * External agents (dispatch spawn) in the workbench's agent tree beside the in-process ones: their CLI
 * and state from the owner's fleet, the conflict badge, the preview of the most recently active pane,
 * and a fleet event refreshing them at once.
 */
class ExternalAgentsTreeTest {
    static FleetOps.ExternalAgent ext(String name, String cli, FleetOps.State state, Instant activity, int nudges) {
        return new FleetOps.ExternalAgent(
                "demo",
                name,
                cli,
                List.of(cli),
                "dispatch-" + name,
                "/tmp/s",
                "/tmp",
                null,
                null,
                null,
                null,
                null,
                state,
                "",
                Instant.EPOCH,
                activity,
                nudges,
                null,
                "tmux",
                null,
                List.of());
    }

    @Test
    void externalAgentsShowWithTheirCliStateAndAPanePreview() {
        AtomicReference<List<FleetOps.ExternalAgent>> list = new AtomicReference<>(List.of(
                ext("w1", "claude", FleetOps.State.working, Instant.parse("2026-01-01T10:00:05Z"), 0),
                ext("w2", "codex", FleetOps.State.waiting_for_input, Instant.parse("2026-01-01T10:00:01Z"), 2)));
        FakeEngine e = WorkbenchGoldenTest.configured()
                .on(FleetOps.ListExternalAgents.class, l -> new FleetOps.ExternalList(list.get()))
                .on(
                        FleetOps.ListConflicts.class,
                        c -> new FleetOps.ConflictList(List.of(new FleetOps.Conflict(
                                "src/a.c", "both-changed", List.of("w1", "w2"), "changed in both"))))
                .on(
                        FleetOps.PeekExternalAgent.class,
                        p -> new FleetOps.PaneText(
                                p.name(),
                                FleetOps.State.working,
                                "$ make\ncc -o parser parser.c\npane of " + p.name()));
        var v = new VirtualWorkbench(e, 130, 30);
        WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
        String screen = v.await("pane of w1").text();
        assertThat(screen)
                .contains("▶ main", "External (2)", "▶ w1 claude working", "? w2 ⚑2 codex waiting")
                .contains("─ w1 ─", "cc -o parser parser.c")
                .contains("⚠1 conflict");
        assertThat(e.submitted(FleetOps.PeekExternalAgent.class).getLast().name())
                .as("the most recently active running agent is previewed")
                .isEqualTo("w1");

        list.set(List.of(
                ext("w1", "claude", FleetOps.State.exited, Instant.parse("2026-01-01T10:00:05Z"), 0),
                ext("w2", "codex", FleetOps.State.working, Instant.parse("2026-01-01T10:00:09Z"), 2)));
        e.push(new ExternalAgentExited("demo", "w1", Instant.now()));
        assertThat(v.await("pane of w2").text()).contains("■ w1 claude exited", "─ w2 ─");
    }

    @Test
    void anEngineWithoutAFleetIsAskedOnceAndTheTreeStaysAsItWas() {
        FakeEngine e = WorkbenchGoldenTest.configured();
        var v = new VirtualWorkbench(e, 130, 24);
        WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
        for (int i = 0; i < 5; i++) v.pump();
        assertThat(v.text()).doesNotContain("External");
        assertThat(e.submitted(FleetOps.ListExternalAgents.class)).hasSize(1);
    }
}
