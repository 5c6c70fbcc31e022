package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged store as real {@code dispatch} processes meet it: a one-shot and {@code daemon start} refuse
 * with the file's name and the way out (exit 1), the file's bytes stay the same, {@code store check}
 * says what is wrong, and {@code store recover} salvages into a store every command opens again.
 */
class StoreCommandTest {
    @TempDir
    Path home;

    private DispatchProcess.Run dispatch(String... args) throws Exception {
        return DispatchProcess.run(home, home, Map.of(), args);
    }

    private Path store() throws Exception {
        for (int i = 0; i < 6; i++) {
            DispatchProcess.Run add = dispatch("task", "add", "task " + i + " " + "x".repeat(900));
            assertThat(add.exit()).as(add.err()).isZero();
        }
        return home.resolve("data").resolve("dispatch.mv.db");
    }

    @Test
    void truncatedStoreIsRefusedByOneShotAndDaemonAndKeptAsItWas() throws Exception {
        Path file = store();
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length / 2));
        String before = sha256(file);

        DispatchProcess.Run read = dispatch("task", "list");
        assertThat(read.exit()).isEqualTo(1);
        assertThat(read.err()).contains("store " + file + " is damaged (").contains("dispatch store recover");
        assertThat(read.err()).doesNotContain("Exception");

        DispatchProcess.Run daemon = dispatch("daemon", "start", "--no-port");
        assertThat(daemon.exit()).isEqualTo(1);
        assertThat(daemon.out() + daemon.err()).contains("is damaged");

        DispatchProcess.Run doctor = dispatch("doctor");
        assertThat(doctor.out()).contains("is damaged");

        DispatchProcess.Run check = dispatch("store", "check", "--json");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("\"ok\" : false").contains("truncated");
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void flippedStoreIsRecoveredAndTheNewStoreOpens() throws Exception {
        Path file = store();
        byte[] b = Files.readAllBytes(file);
        for (int i = 0; i < 8; i++) b[b.length / 2 + i] ^= 0x5A;
        Files.write(file, b);
        String before = sha256(file);
        assertThat(dispatch("task", "list").exit()).isEqualTo(1);

        DispatchProcess.Run recover = dispatch("store", "recover");
        assertThat(recover.exit()).as(recover.err()).isZero();
        assertThat(recover.out()).contains("the old file is kept as").contains("task");
        Path kept;
        try (var s = Files.list(file.getParent())) {
            kept = s.filter(p -> p.getFileName().toString().matches("dispatch\\.mv\\.db\\.damaged-[0-9-]+"))
                    .findFirst()
                    .orElseThrow();
        }
        assertThat(sha256(kept)).isEqualTo(before);

        DispatchProcess.Run check = dispatch("store", "check");
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).startsWith("OK ");
        assertThat(dispatch("task", "add", "after").exit()).isZero();
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
