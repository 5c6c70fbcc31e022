package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Liveness of the process a registry names: this JVM lives, a process that exited does not. */
class DaemonInfoTest {
    private static DaemonInfo of(long pid) {
        return new DaemonInfo(pid, "/s", 0, null, null, null, null);
    }

    @Test
    void aRunningProcessIsAliveAndOneThatExitedIsNot() throws Exception {
        assertThat(of(ProcessHandle.current().pid()).alive()).isTrue();
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(of(p.pid()).alive())
                .as("pid %d after exit (reaped by waitFor)", p.pid())
                .isFalse();
        assertThat(of(0).alive()).isFalse();
        assertThat(of(-5).alive()).isFalse();
    }
}
