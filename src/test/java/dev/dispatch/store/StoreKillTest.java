package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged means durable: kill -9 a writing process at random moments, every ack is still there. */
@Tag("slow")
class StoreKillTest {
    private static final int ROUNDS = 12;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill(@TempDir Path dir) throws Exception {
        Set<String> acked = new HashSet<>();
        int killedWithAcks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (Forked writer = Forked.start("write", dir.toString(), "6")) {
                // 1) let it write for a random while after its first acknowledgement
                String first = writer.next(120);
                assertThat(first).as("writer output; stderr: %s", writer.err()).startsWith("ack ");
                long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(50, 1_500) * 1_000_000;
                collect(first, acked);
                while (System.nanoTime() < until) collect(writer.next(60), acked);
                // 2) SIGKILL, then take everything it printed before dying
                writer.process.destroyForcibly();
                writer.exit(60);
                for (String l; (l = writer.next(60)) != null; ) collect(l, acked);
                killedWithAcks++;
            }
            // 3) reopen: it must open cleanly and hold every acknowledged id
            Set<String> present = readAll(dir);
            assertThat(present).as("round %d: acknowledged ids missing after kill -9", round).containsAll(acked);
        }
        assertThat(killedWithAcks).isEqualTo(ROUNDS);
        assertThat(acked).hasSizeGreaterThan(ROUNDS);
    }

    /** Only complete lines count: a line cut by the kill has no terminating " .". */
    private static void collect(String line, Set<String> acked) {
        if (line != null && line.startsWith("ack ") && line.endsWith(" .")) acked.add(line.substring(4, line.length() - 2));
    }

    private static Set<String> readAll(Path dir) {
        try (Store s = Store.open(dir)) {
            return s.read(c -> {
                Set<String> ids = new HashSet<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM acked")) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                return ids;
            });
        }
    }
}
