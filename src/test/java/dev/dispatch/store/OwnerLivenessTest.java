package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Zombie;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The holder a {@code dispatch.owner} file names is dead once its process is a zombie: right after a
 * {@code kill -9} the lock is already free, so a new owner must not be told "already running" until the
 * parent gets round to reaping (issue 16, class 14).
 */
class OwnerLivenessTest {
    private static OwnerFile.Holder holder(long pid) {
        return new OwnerFile.Holder(pid, StoreOptions.Role.OWNER, "daemon", Path.of("/s"));
    }

    @Test
    void aLiveProcessLivesAndAnExitedOneOrAZombieDoesNot() throws Exception {
        assertThat(holder(ProcessHandle.current().pid()).alive()).isTrue();
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(holder(sleeper.pid()).alive()).isTrue();
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(holder(sleeper.pid()).alive()).isFalse();
        try (Zombie z = Zombie.make()) {
            assertThat(ProcessHandle.of(z.pid).map(ProcessHandle::isAlive))
                    .as("the JDK's view")
                    .contains(true);
            assertThat(holder(z.pid).alive()).as("zombie pid %d", z.pid).isFalse();
        }
    }
}
