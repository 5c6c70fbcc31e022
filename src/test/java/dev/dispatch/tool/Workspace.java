package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Permissions;
import dev.dispatch.protocol.Cancellation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Test fixture: a project root at {@code TMP/a/b/ws} (so {@code ../../etc/passwd} stays inside the
 * temp dir), a sibling {@code ws-evil}, an {@code outside} dir with a secret, a context whose gate is
 * the real {@link Permissions}, and a snapshot of everything outside the root to prove nothing there
 * changed.
 */
final class Workspace {
    final Path tmp;
    final Path root;
    final Path outside;
    final Path evil;
    final List<ToolOutput> streamed = new CopyOnWriteArrayList<>();
    final Cancellation cancellation = new Cancellation();
    final ToolContext ctx;
    final ToolRegistry tools = ToolRegistry.standard();
    private final Map<String, String> before;

    Workspace(Path tmp) throws IOException {
        this.tmp = tmp.toRealPath();
        this.root = Files.createDirectories(this.tmp.resolve("a/b/ws"));
        this.evil = Files.createDirectories(this.tmp.resolve("a/b/ws-evil"));
        this.outside = Files.createDirectories(this.tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret\n");
        Files.writeString(evil.resolve("x"), "evil\n");
        Files.createDirectories(this.tmp.resolve("a/etc"));
        Files.writeString(this.tmp.resolve("a/etc/passwd"), "root:x:0:0\n");
        this.ctx = new ToolContext(
                root, "agt_test", "ses_test", new Permissions(root).gate(), streamed::add, cancellation);
        this.before = outsideSnapshot();
    }

    Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    String read(String relative) throws IOException {
        return Files.readString(root.resolve(relative));
    }

    ToolResult call(String tool, String json) throws InterruptedException {
        return tools.call(tool, json, ctx);
    }

    /** Everything under the temp dir but outside the root is exactly as it was. */
    void assertNothingOutsideChanged() throws IOException {
        assertThat(outsideSnapshot()).isEqualTo(before);
    }

    private Map<String, String> outsideSnapshot() throws IOException {
        Map<String, String> snapshot = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(tmp)) {
            walk.filter(p -> !p.startsWith(root)).forEach(all::add);
        }
        for (Path p : all) {
            BasicFileAttributes attrs =
                    Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            String value = attrs.isRegularFile() ? Files.readString(p) : attrs.isDirectory() ? "<dir>" : "<other>";
            snapshot.put(tmp.relativize(p).toString(), value + "@" + attrs.lastModifiedTime());
        }
        return snapshot;
    }
}
