package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Liveness of the process a registry names: this JVM lives, a process that exited does not, and a zombie
 * (killed but not reaped: right after a {@code kill -9}) does not either (issue 16, class 14).
 */
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

    @Test
    void aZombieIsDead() throws Exception {
        try (Zombie z = Zombie.make()) {
            assertThat(ProcessHandle.of(z.pid).map(ProcessHandle::isAlive))
                    .as("the JDK's view")
                    .contains(true);
            assertThat(of(z.pid).alive()).as("pid %d is a zombie", z.pid).isFalse();
            assertThat(ProcessLiveness.alive(z.pid)).isFalse();
        }
    }

    @Test
    void aSleepingProcessWithParenthesesInItsNameLives() throws Exception {
        Path dir = Files.createTempDirectory("live");
        Path odd = Files.copy(Path.of("/bin/sleep"), dir.resolve("a) Z (b"));
        Files.setPosixFilePermissions(odd, PosixFilePermissions.fromString("rwx------"));
        Process p = new ProcessBuilder(odd.toString(), "30").start();
        try {
            assertThat(ProcessLiveness.alive(p.pid())).isTrue();
        } finally {
            p.destroyForcibly().waitFor();
            Files.delete(odd);
            Files.delete(dir);
        }
    }
}
