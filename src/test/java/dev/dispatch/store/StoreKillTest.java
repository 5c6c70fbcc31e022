package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: kill -9 a writing process at random moments, every ack is still there.
 * Most rounds write for up to 1.5 s; one round writes for longer than H2's chunk retention
 * ({@link Store#RETENTION_MS}) before the kill: with space reuse on, that is when H2 overwrites dead
 * chunks, and when acknowledged rows were lost ({@link Store#REUSE_SPACE_WHILE_OPEN}).
 * {@code -Ddispatch.kill.rounds=N} (at least 10) and {@code -Ddispatch.kill.longSeconds=S} make the run
 * longer for a manual soak.
 */
@Tag("slow")
class StoreKillTest {
    private static final int ROUNDS = Math.max(10, Integer.getInteger("dispatch.kill.rounds", 12));
    private static final long LONG_ROUND_MS =
            Math.max(H2File.RETENTION_MS + 2_000, Long.getLong("dispatch.kill.longSeconds", 0) * 1_000);
    private static final int LONG_ROUND = ROUNDS / 2;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill(@TempDir Path dir) throws Exception {
        Set<String> acked = new HashSet<>();
        int killedWithAcks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long ms;
            try (Forked writer = Forked.start("write", dir.toString(), "6")) {
                // 1) let it write for a random while after its first acknowledgement
                String first = writer.next(120);
                assertThat(first).as("writer output; stderr: %s", writer.err()).startsWith("ack ");
                ms = ThreadLocalRandom.current().nextLong(50, 1_500) + (round == LONG_ROUND ? LONG_ROUND_MS : 0);
                long until = System.nanoTime() + ms * 1_000_000;
                AckedIds.collect(first, acked);
                while (System.nanoTime() < until) AckedIds.collect(writer.next(60), acked);
                // 2) SIGKILL, then take everything it printed before dying
                writer.process.destroyForcibly();
                writer.exit(60);
                for (String l; (l = writer.next(60)) != null; ) AckedIds.collect(l, acked);
                killedWithAcks++;
            }
            // 3) reopen: it must open cleanly and hold every acknowledged id
            Set<String> missing = new TreeSet<>(acked);
            missing.removeAll(AckedIds.reopened(dir));
            // a set difference, not containsAll: AssertJ's report of missing elements is quadratic in the acks
            assertThat(missing)
                    .as(
                            "round %d (killed after %d ms of writing): %d acknowledged ids missing after kill -9",
                            round, ms, missing.size())
                    .isEmpty();
        }
        assertThat(killedWithAcks).isEqualTo(ROUNDS);
        assertThat(acked).hasSizeGreaterThan(ROUNDS);
    }
}
