package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `dispatch` alone opens the workbench only on a terminal; piped, it prints the usage and says why. */
class WorkbenchCommandTest {
    @Test
    void withoutATerminalPrintsUsageAndPointsToChat() {
        var r = CliHarness.run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: dispatch").contains("chat");
        assertThat(r.err()).contains("not a terminal").contains("dispatch chat");
    }

    @Test
    void chatIsACommandWithAModelOption() {
        var r = CliHarness.run("chat", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--model").contains("[o]nce [s]ession [a]lways [d]eny");
    }
}
