package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliTest {
    @Test
    void versionNamesReleaseCommitAndJdk() {
        var r = CliHarness.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .startsWith("dispatch ")
                .contains("commit ")
                .contains("JDK " + System.getProperty("java.version"));
    }

    @Test
    void unknownCommandIsAUsageErrorWithAHint() {
        var r = CliHarness.run("complet");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err())
                .contains("dispatch: Unmatched argument")
                .contains("completion")
                .contains("--help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badEnumValueNamesTheValueAndTheChoices() {
        var r = CliHarness.run("completion", "fish");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("fish").contains("bash").contains("zsh");
    }

    @Test
    void helpListsCommandsAndExitStatus() {
        var r = CliHarness.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("completion").contains("Exit status").contains("--data-dir");
    }
}
