package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreProbeTest {
    @TempDir
    Path tmp;

    @Test
    void missingDataDirIsAbsentAndNothingIsCreated() {
        Path data = tmp.resolve("data");
        assertThat(StoreProbe.probe(data).state()).isEqualTo(StoreProbe.State.ABSENT);
        assertThat(data).doesNotExist();
    }

    @Test
    void existingDataDirOpens() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        StoreProbe.Result r = StoreProbe.probe(data);
        assertThat(r.state()).as(r.detail()).isEqualTo(StoreProbe.State.OPENS);
    }

    @Test
    void storeOwnedByAnotherProcessIsInUse() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process owner = new ProcessBuilder(List.of(
                        java, "-cp", System.getProperty("java.class.path"), Owner.class.getName(), data.toString()))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            StoreProbe.Result r = StoreProbe.probe(data);
            assertThat(r.state()).as(r.detail()).isEqualTo(StoreProbe.State.IN_USE);
            assertThat(r.detail()).contains("another process");
        } finally {
            owner.getOutputStream().close();
            if (!owner.waitFor(30, TimeUnit.SECONDS)) owner.destroyForcibly();
        }
    }

    /** A second process that owns the store until its stdin closes. */
    public static final class Owner {
        public static void main(String[] args) throws Exception {
            try (Store store = Store.open(Path.of(args[0]))) {
                System.out.println("ready");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the store until the test closes our stdin
                }
            }
        }
    }
}
