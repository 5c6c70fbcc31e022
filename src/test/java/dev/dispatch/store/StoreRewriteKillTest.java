package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while the store rewrites its file: the writer rewrites whenever the file reaches 128 KiB, which
 * under full load is many times a second and most of its time, so most kills land inside a rewrite (closing
 * H2, copying, renaming, reopening). Every acknowledged write must be there after each kill, and the
 * file must stay small across rounds.
 */
@Tag("slow")
class StoreRewriteKillTest {
    private static final int ROUNDS = Math.max(10, Integer.getInteger("dispatch.kill.rounds", 12));
    private static final long REWRITE_AT = 128 * 1024;

    @Test
    void everyAcknowledgedWriteSurvivesSigkillDuringRewrites(@TempDir Path dir) throws Exception {
        Set<String> acked = new HashSet<>();
        long rewrites = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long ms = ThreadLocalRandom.current().nextLong(50, 1_500);
            try (Forked writer = Forked.start("write", dir.toString(), "6", Long.toString(REWRITE_AT))) {
                long[] seen = {0};
                String first = writer.next(120);
                while (first != null && first.startsWith("rewrites ")) {
                    collect(first, acked, seen);
                    first = writer.next(120);
                }
                assertThat(first).as("writer output; stderr: %s", writer.err()).startsWith("ack ");
                AckedIds.collect(first, acked);
                long until = System.nanoTime() + ms * 1_000_000;
                while (System.nanoTime() < until) collect(writer.next(60), acked, seen);
                writer.process.destroyForcibly();
                writer.exit(60);
                for (String l; (l = writer.next(60)) != null; ) collect(l, acked, seen);
                rewrites += seen[0];
            }
            Set<String> missing = new TreeSet<>(acked);
            missing.removeAll(AckedIds.reopened(dir));
            assertThat(missing)
                    .as(
                            "round %d (killed after %d ms of writing and rewriting): %d acknowledged ids missing",
                            round, ms, missing.size())
                    .isEmpty();
        }
        // the rows are all kept, so the live data grows; the garbage around it must not
        long live = 40L * acked.size();
        assertThat(Files.size(H2File.file(dir))).isLessThan(4 * (REWRITE_AT + live) + (4L << 20));
        assertThat(acked).hasSizeGreaterThan(ROUNDS);
        assertThat(rewrites).as("completed rewrites over all rounds").isGreaterThan(3L * ROUNDS);
    }

    private static void collect(String line, Set<String> acked, long[] rewrites) {
        if (line != null && line.startsWith("rewrites ")) rewrites[0] = Long.parseLong(line.substring(9));
        else AckedIds.collect(line, acked);
    }
}
