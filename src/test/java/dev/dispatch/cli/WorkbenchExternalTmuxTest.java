package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * External agents in the full-screen workbench on a real terminal (tmux), attached to a daemon that runs
 * two shell agents: ↓ in the agent tree selects one and the pane preview follows the selection; {@code a}
 * suspends the workbench and attaches the terminal to the agent's own tmux session (its screen shows,
 * typing reaches its shell); detaching (C-b d) gives the workbench its screen back, redrawn.
 */
@Tag("slow")
class WorkbenchExternalTmuxTest {
    @Test
    void anExternalAgentIsSelectedPreviewedAndAttached() throws Exception {
        try (FleetHome h = FleetHome.create("wx", "")) {
            for (String n : List.of("s1", "s2")) {
                DispatchProcess.Run spawn = h.run("spawn", n, "--cli", "shell");
                assertThat(spawn.exit()).as(spawn.err()).isZero();
                DispatchProcess.Run send = h.run("send", n, "echo MARK-" + n.toUpperCase() + "-$((6*7))");
                assertThat(send.exit()).as(send.out() + send.err()).isZero();
            }
            Map<String, String> env = h.env;
            try (TmuxPane pane = TmuxPane.start(h.home, h.repo, 120, 40, env)) {
                pane.waitFor("the external agents", s -> s.contains("External (2)"));
                pane.key("BTab"); // focus the agent tree
                pane.key("Down");
                pane.waitFor(
                        "s1 selected, its pane previewed",
                        s -> s.contains("a: attach") && s.contains("─ s1 ─") && s.contains("MARK-S1-42"));
                pane.key("Down");
                pane.waitFor("the preview following to s2", s -> s.contains("─ s2 ─") && s.contains("MARK-S2-42"));
                pane.key("a");
                pane.waitFor("s2's own tmux session", s -> !s.contains("External (2)") && s.contains("MARK-S2-42"));
                pane.type("echo TYPED-$((40+2))");
                pane.waitFor("typing reaching s2's shell", s -> s.contains("TYPED-42"));
                pane.key("C-b");
                pane.key("d");
                pane.waitFor("the workbench back", s -> s.contains("External (2)") && s.contains("─ s2 ─"));
                assertThat(h.run("peek", "s2", "--lines", "50").out()).contains("TYPED-42");
                pane.key("Up");
                pane.key("Up"); // keys reach the workbench again: the selection leaves the external agents
                pane.waitFor(
                        "the selection back in the tree", s -> s.contains("External (2)") && !s.contains("a: attach"));
                pane.key("C-d");
                assertThat(pane.awaitExit()).isZero();
            }
        }
    }
}
