package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full on a real 8 MiB tmpfs (an empty store with every migration is ~2 MiB): writes fail with the "no space left" error and commit nothing, the
 * store says why ({@link Store#trouble()}) meanwhile, and once space is freed the next write succeeds
 * without reopening by hand. Needs {@code mount} (root, as in CI); says why when it cannot mount.
 */
class StoreDiskFullTest {
    @TempDir
    Path tmp;

    Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String why = new String(p.getInputStream().readAllBytes());
        if (!done || p.exitValue() != 0) System.out.println("StoreDiskFullTest skipped: cannot mount a tmpfs: " + why);
        assumeTrue(done && p.exitValue() == 0, "cannot mount a tmpfs (needs root): " + why);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null)
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }

    @Test
    void aFullDiskFailsWritesClearlyAndTheStoreRecoversWhenSpaceReturns() throws Exception {
        Path data = mount.resolve("data");
        try (Store s = Store.open(data, StoreOptions.owner("daemon", null))) {
            long acked = 0;
            DiskFullException full = null;
            Path filler = mount.resolve("filler");
            // 1) fill the disk with another file, then write until the store cannot
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[64 * 1024];
                while (true) out.write(block);
            } catch (java.io.IOException expected) {
                // the tmpfs is full
            }
            for (int i = 0; i < 10_000 && full == null; i++) {
                try {
                    s.write(c -> Journal.append(
                            c, "s", "row", null, "{\"pad\":\"" + "x".repeat(500) + "\"}", Instant.now()));
                    acked++;
                } catch (DiskFullException e) {
                    full = e;
                } catch (RuntimeException e) {
                    throw new AssertionError("after " + acked + " writes: " + e, e);
                }
            }
            assertThat(full).as("a write fails for lack of space").isNotNull();
            assertThat(full)
                    .hasMessage("store write failed: no space left on device at " + data + "; free space and retry");
            assertThat(s.trouble()).contains("no space left on device");
            assertThatThrownBy(() -> s.write(c -> Journal.append(c, "s", "row", null, "{}", Instant.now())))
                    .isInstanceOf(DiskFullException.class);
            // 2) space returns: the next write succeeds, and the store is healthy again
            Files.delete(filler);
            long seq = s.write(c -> Journal.append(c, "s", "after", null, "{}", Instant.now()));
            assertThat(seq).isPositive();
            assertThat(s.trouble()).isNull();
            long rows = s.read(c -> {
                try (var st = c.createStatement();
                        var rs = st.executeQuery("SELECT COUNT(*) FROM journal WHERE type = 'row'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(rows).as("every acknowledged write and nothing else").isEqualTo(acked);
        }
        // 3) the file closes whole: it reopens with its seal intact
        try (Store s = Store.open(data, StoreOptions.oneShot())) {
            assertThat(s.trouble()).isNull();
        }
    }
}
