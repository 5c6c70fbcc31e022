package dev.dispatch.shell;

import static dev.dispatch.shell.ProcessProbe.eventually;
import static dev.dispatch.shell.ProcessProbe.running;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    @TempDir
    Path tmp;

    static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"), "HOME", "/nonexistent");

    ShellCommand command(String cmd, Duration timeout, int cap) {
        return new ShellCommand(cmd, tmp, timeout, ENV, cap);
    }

    @Test
    void reportsExitCodeStdoutAndStderrSeparately() throws Exception {
        ShellResult r = Shell.start(
                        command("echo out; echo err >&2; pwd; exit 3", Duration.ofSeconds(30), 4096), (c, s) -> {})
                .await();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.ending()).isEqualTo(ShellResult.Ending.EXITED);
        assertThat(r.stdout()).isEqualTo("out\n" + tmp + "\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.truncatedBytes()).isZero();
    }

    /**
     * A reader that falls behind (here: held in the listener, as an unscheduled thread on a loaded machine
     * is) still gets everything the command wrote before it exited: ending the command's leftovers must not
     * close our ends of its pipes (the JDK's destroy does, which once lost a command's last lines).
     */
    @Test
    void aSlowReaderStillGetsTheOutputWrittenBeforeTheExit() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean();
        ShellResult r = Shell.start(
                        command(
                                "printf x >&2; sleep 0.3; printf bad >&2; printf out; exit 7",
                                Duration.ofSeconds(30),
                                4096),
                        (c, text) -> {
                            if (c == Channel.STDERR && held.compareAndSet(false, true)) {
                                try {
                                    Thread.sleep(1500); // the command exits meanwhile
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        })
                .await();
        assertThat(held).isTrue();
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stderr()).isEqualTo("xbad");
        assertThat(r.stdout()).isEqualTo("out");
    }

    @Test
    void outputStreamsBeforeTheCommandEnds() throws Exception {
        LinkedBlockingQueue<String> chunks = new LinkedBlockingQueue<>();
        ShellRun run = Shell.start(
                command("echo first; sleep 1000", Duration.ofSeconds(300), 4096), (c, s) -> chunks.add(c + ":" + s));
        String first;
        try {
            first = chunks.poll(60, TimeUnit.SECONDS);
        } finally {
            run.cancel();
        }
        // the chunk was taken before the cancel, and the command only ended because of the cancel
        assertThat(first).isEqualTo("STDOUT:first\n");
        assertThat(run.await().ending()).isEqualTo(ShellResult.Ending.CANCELLED);
    }

    @Test
    void timeoutKillsTheWholeTree() throws Exception {
        ShellRun run = Shell.start(command("sleep 1000 & sleep 1000", Duration.ofSeconds(3), 4096), (c, s) -> {});
        List<ProcessHandle> sleeps;
        ShellResult r;
        try {
            sleeps = sameGroup(run.pid(), 2);
            r = run.await();
        } finally {
            run.cancel();
        }
        assertThat(r.ending()).isEqualTo(ShellResult.Ending.TIMED_OUT);
        assertThat(eventually(() -> sleeps.stream().noneMatch(ProcessProbe::running)))
                .as("sleeps gone")
                .isTrue();
        assertThat(ProcessHandle.of(run.pid()).filter(ProcessProbe::running)).isEmpty();
    }

    @Test
    void cancelKillsTheWholeTreeIncludingOrphanedGrandchildren() throws Exception {
        // the subshell exits at once, so its sleep is re-parented away from our tree: only the group kill reaches it
        ShellRun run = Shell.start(command("(sleep 1000 &) ; sleep 1000", Duration.ofSeconds(300), 4096), (c, s) -> {});
        List<ProcessHandle> grouped;
        List<ProcessHandle> tree;
        try {
            grouped = sameGroup(run.pid(), 2);
            ProcessHandle root = ProcessHandle.of(run.pid()).orElseThrow();
            tree = java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
                    .toList();
        } finally {
            run.cancel();
        }
        // one sleep really escaped the tree: descendants() alone could not have found it
        assertThat(grouped).anyMatch(h -> !tree.contains(h));
        ShellResult r = run.await();
        assertThat(r.ending()).isEqualTo(ShellResult.Ending.CANCELLED);
        assertThat(eventually(() -> grouped.stream().noneMatch(ProcessProbe::running)))
                .as("group %s gone", grouped)
                .isTrue();
    }

    @Test
    void longOutputKeepsHeadAndTailWithAMarker() throws Exception {
        ShellResult r = Shell.start(
                        command(
                                "printf 'START'; head -c 100000 /dev/zero | tr '\\0' x; printf 'END'",
                                Duration.ofSeconds(60),
                                1000),
                        (c, s) -> {})
                .await();
        assertThat(r.stdout())
                .startsWith("STARTxxx")
                .endsWith("xxxEND")
                .contains("\n[... 99008 bytes truncated ...]\n");
        assertThat(r.truncatedBytes()).isEqualTo(99008);
    }

    @Test
    void theEnvironmentIsExactlyTheOneGiven() throws Exception {
        ShellResult r = Shell.start(
                        command("echo \"[$HOME][${USER:-none}]\"", Duration.ofSeconds(30), 4096), (c, s) -> {})
                .await();
        assertThat(r.stdout()).isEqualTo("[/nonexistent][none]\n");
    }

    /** Live sleep processes in the process group led by {@code pgid} (the command's own group). */
    static List<ProcessHandle> sameGroup(long pgid, int count) throws InterruptedException {
        List<ProcessHandle> found = List.of();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            found = ProcessHandle.allProcesses()
                    .filter(h ->
                            h.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                    .filter(h -> group(h) == pgid && running(h))
                    .toList();
            if (found.size() >= count) return found;
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " sleeps in group " + pgid + ", saw " + found);
    }

    static long group(ProcessHandle h) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(h.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
