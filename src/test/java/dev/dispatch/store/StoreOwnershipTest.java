package dev.dispatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One holder per data dir: owners are refused with a clear message, one-shot commands take turns. */
class StoreOwnershipTest {
    @TempDir
    Path dir;

    @Test
    @Tag("slow")
    void secondOwnerIsRefusedNamingTheHoldersPidAndSocket() throws Exception {
        Path socket = dir.resolve("run/dispatch.sock");
        try (Forked holder = Forked.start("hold", dir.toString(), "OWNER", socket.toString())) {
            holder.await("ready", 120);
            long pid = holder.process.pid();
            assertThatThrownBy(() -> Store.open(dir, StoreOptions.owner("tui", null)))
                    .isInstanceOfSatisfying(StoreBusyException.class, e -> {
                        assertThat(e.pid()).isEqualTo(pid);
                        assertThat(e.socket()).isEqualTo(socket);
                    })
                    .hasMessage(
                            "data dir " + dir.toRealPath() + " is in use by pid " + pid + " (socket " + socket + ")");
            // a one-shot command does not queue behind a long-lived owner: it is refused, not timed out
            assertThatThrownBy(() -> Store.open(dir, StoreOptions.oneShot().withWait(Duration.ofMinutes(5))))
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("pid " + pid)
                    .hasMessageNotContaining("gave up");
            holder.send("release");
            holder.await("released", 60);
            assertThat(holder.exit(60)).isZero();
        }
        // the first owner was unaffected: its row is there, and the dir is free again
        assertThat(ids(dir)).anyMatch(id -> id.startsWith("held-by-"));
    }

    @Test
    @Tag("slow")
    void oneShotWaitsForAnotherOneShotAndThenGetsIn() throws Exception {
        long pid;
        try (Forked holder = Forked.start("hold", dir.toString(), "ONE_SHOT")) {
            holder.await("ready", 120);
            pid = holder.process.pid();
            Thread opener = Thread.ofPlatform().start(() -> {
                try (Store s = Store.open(dir, StoreOptions.oneShot().withWait(Duration.ofMinutes(2)))) {
                    StoreProcessMain.insert(s, "after-" + pid);
                }
            });
            holder.send("release");
            opener.join();
            assertThat(holder.exit(60)).isZero();
        }
        // the waiter got in only after the holder's last write: both rows are there
        assertThat(ids(dir)).contains("held-by-" + pid, "after-" + pid);
    }

    @Test
    @Tag("slow")
    void oneShotGivesUpAfterItsWaitWithTheSameClearMessage() throws Exception {
        try (Forked holder = Forked.start("hold", dir.toString(), "ONE_SHOT")) {
            holder.await("ready", 120);
            long pid = holder.process.pid();
            assertThatThrownBy(() -> Store.open(dir, StoreOptions.oneShot().withWait(Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(
                            StoreBusyException.class, e -> assertThat(e.pid()).isEqualTo(pid))
                    .hasMessageStartingWith("data dir " + dir.toRealPath() + " is in use by pid " + pid)
                    .hasMessageContaining("gave up after waiting 300 ms");
            holder.send("release");
            assertThat(holder.exit(60)).isZero();
        }
    }

    @Test
    @Tag("slow")
    void parallelOneShotProcessesAllSucceed() throws Exception {
        try (Store s = Store.open(dir)) {
            StoreProcessMain.createTable(s);
        }
        List<Forked> procs = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) procs.add(Forked.start("once", dir.toString(), "p" + i, "120000"));
            for (Forked p : procs)
                assertThat(p.exit(180)).as("stderr: %s", p.err()).isZero();
        } finally {
            procs.forEach(Forked::close);
        }
        assertThat(ids(dir)).contains("p0", "p1", "p2", "p3", "p4", "p5");
    }

    @Test
    void secondOwnerInTheSameProcessIsRefusedToo() throws Exception {
        try (Store first = Store.open(dir, StoreOptions.owner("daemon", dir.resolve("d.sock")))) {
            assertThatThrownBy(() -> Store.open(dir, StoreOptions.owner("tui", null)))
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("(socket " + dir.resolve("d.sock") + ")");
            Integer one = first.read(c -> 1);
            assertThat(one).isEqualTo(1);
        }
        try (Store again = Store.open(dir, StoreOptions.owner("tui", null))) {
            assertThat(again.dir()).isEqualTo(first(dir));
        }
    }

    @Test
    void ownerDescriptionIsRemovedOnCloseAndTheDirIsPrivate() throws Exception {
        Path data = dir.resolve("nested/data");
        try (Store s = Store.open(data, StoreOptions.owner("daemon", null))) {
            assertThat(Files.readString(data.resolve(OwnerFile.INFO_FILE)))
                    .contains("pid=" + ProcessHandle.current().pid());
        }
        assertThat(data.resolve(OwnerFile.INFO_FILE)).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        assertThat(data.resolve("dispatch.mv.db")).exists();
    }

    @Test
    void looseDataDirIsTightenedTo0700() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Store s = Store.open(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
        }
    }

    private static Path first(Path dir) throws Exception {
        return dir.toRealPath();
    }

    static List<String> ids(Path dir) {
        try (Store s = Store.open(dir)) {
            return AckedIds.all(s);
        }
    }
}
