package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 class 5: a symlink inside the project is swapped, as fast as a thread can, between a
 * directory (and a file) inside and one outside, while the real tools read and write through it.
 * The check and the open are one step, so no read ever returns outside content and no write ever
 * creates or changes anything outside; some calls are refused, and the rest work inside.
 */
class SymlinkRaceTest {
    static final int CALLS = 500;

    @TempDir
    Path tmp;

    Workspace ws;
    Path insideDir;
    Path insideFile;
    final AtomicBoolean swapping = new AtomicBoolean(true);
    final AtomicInteger swaps = new AtomicInteger();
    final List<Thread> swappers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
        insideDir = Files.createDirectories(ws.root.resolve("inside"));
        insideFile = Files.writeString(insideDir.resolve("f.txt"), "inside content\n");
        Files.writeString(ws.outside.resolve("f.txt"), "OUTSIDE content\n");
        Files.writeString(ws.outside.resolve("outside-only.txt"), "OUTSIDE only\n");
        // the fixture changed the outside dir; take the "before" picture again
        ws = new Workspace(tmp);
        swapper("link", insideDir, ws.outside);
        swapper("flink", insideFile, ws.outside.resolve("f.txt"));
        while (swaps.get() < 100) Thread.onSpinWait();
    }

    @AfterEach
    void stop() throws Exception {
        swapping.set(false);
        for (Thread t : swappers) t.join();
    }

    @Test
    void readsThroughASwappedLinkNeverReturnOutsideContent() throws Exception {
        int read = 0;
        int refused = 0;
        // at least CALLS calls, and on until the swapper has swapped CALLS times (a loaded machine runs it less)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < CALLS || (swaps.get() <= CALLS && System.nanoTime() < deadline); i++) {
            ToolResult r =
                    switch (i % 4) {
                        case 0 -> ws.call("read_file", args("path", "link/f.txt"));
                        case 1 -> ws.call("read_file", args("path", "flink"));
                        case 2 -> ws.call("grep", args("pattern", "content|only", "path", "link"));
                        default -> ws.call("list_files", args("path", "link"));
                    };
            assertThat(r.text())
                    .as("call %d", i)
                    .doesNotContain("OUTSIDE")
                    .doesNotContain("outside-only")
                    .doesNotContain("secret");
            if (r.isError()) refused++;
            else if (r.text().contains("inside content") || r.text().contains("f.txt")) read++;
        }
        assertThat(swaps.get()).isGreaterThan(CALLS);
        assertThat(read)
                .as("calls that read inside while the link pointed there")
                .isPositive();
        assertThat(refused).as("calls refused while the link pointed outside").isPositive();
        stop(); // the snapshot walks the temp dir, where the swappers create and delete links
        ws.assertNothingOutsideChanged();
    }

    @Test
    void writesThroughASwappedLinkNeverCreateOrChangeAnythingOutside() throws Exception {
        int written = 0;
        // at least CALLS calls, and on until the swapper has swapped CALLS times (a loaded machine runs it less)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < CALLS || (swaps.get() <= CALLS && System.nanoTime() < deadline); i++) {
            ToolResult r =
                    switch (i % 4) {
                        case 0 ->
                            ws.call("write_file", args("path", "link/new-" + i + ".txt", "content", "pwned " + i));
                        case 3 ->
                            ws.call("write_file", args("path", "link/d-" + i + "/x.txt", "content", "pwned " + i));
                        case 1 -> ws.call("write_file", args("path", "flink", "content", "pwned " + i + " content\n"));
                        default ->
                            ws.call(
                                    "edit_file",
                                    args(
                                            "path",
                                            "link/f.txt",
                                            "old_string",
                                            "content",
                                            "new_string",
                                            "content.",
                                            "replace_all",
                                            "true"));
                    };
            if (!r.isError()) written++;
            else assertThat(r.text()).as("call %d", i).doesNotContain("OUTSIDE");
        }
        swapping.set(false);
        for (Thread t : swappers) t.join();
        assertThat(written).as("writes that landed inside").isPositive();
        ws.assertNothingOutsideChanged();
        try (var files = Files.list(ws.outside)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("secret.txt", "f.txt", "outside-only.txt");
        }
        assertThat(Files.readString(ws.outside.resolve("f.txt"))).isEqualTo("OUTSIDE content\n");
        try (var files = Files.list(insideDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** Flips {@code name} between two targets with atomic renames of a fresh link, as fast as it can. */
    private void swapper(String name, Path a, Path b) {
        Path link = ws.root.resolve(name);
        Path next = ws.root.resolve("." + name + ".next");
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            boolean toA = true;
            try {
                while (swapping.get()) {
                    Files.deleteIfExists(next);
                    Files.createSymbolicLink(next, toA ? a : b);
                    Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    toA = !toA;
                    swaps.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        swappers.add(t);
    }

    private static String args(String... pairs) {
        var node = Json.mapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1].equals("true")) node.put(pairs[i], true);
            else node.put(pairs[i], pairs[i + 1]);
        }
        return node.toString();
    }
}
