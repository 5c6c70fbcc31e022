package dev.dispatch.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealPathsTest {
    @TempDir
    Path tmp;

    Path root;
    Path outside;

    @BeforeEach
    void layout() throws Exception {
        tmp = tmp.toRealPath();
        root = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "s");
        Files.createDirectories(root.resolve("src/main"));
    }

    @Test
    void existingPathsMatchToRealPath() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), root.resolve("src"));
        assertThat(RealPaths.resolve(root, Path.of("link/main")))
                .isEqualTo(root.resolve("link/main").toRealPath());
    }

    @Test
    void missingFilesResolveThroughTheirNearestExistingAncestor() throws Exception {
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertThat(RealPaths.resolve(root, Path.of("out/new/dir/file.txt")))
                .isEqualTo(outside.resolve("new/dir/file.txt"));
        assertThat(RealPaths.resolve(root, Path.of("src/new.txt"))).isEqualTo(root.resolve("src/new.txt"));
    }

    @Test
    void danglingLinkResolvesToWhereAWriteWouldLand() throws Exception {
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet.txt"));
        assertThat(RealPaths.resolve(root, Path.of("dangling"))).isEqualTo(outside.resolve("not-yet.txt"));
    }

    @Test
    void dotDotAppliesAfterFollowingALink() throws Exception {
        // ws/deep -> outside/a/b ; deep/../../secret.txt is outside/secret.txt, not ws/../secret.txt
        Path ab = Files.createDirectories(outside.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("deep"), ab);
        assertThat(RealPaths.resolve(root, Path.of("deep/../../secret.txt"))).isEqualTo(outside.resolve("secret.txt"));
        assertThat(RealPaths.resolve(root, Path.of("../outside/secret.txt"))).isEqualTo(outside.resolve("secret.txt"));
    }

    @Test
    void relativeLinkTargetsAreTakenFromTheLinksDirectory() throws Exception {
        Files.createSymbolicLink(root.resolve("src/up"), Path.of("../../outside"));
        assertThat(RealPaths.resolve(root, Path.of("src/up/secret.txt"))).isEqualTo(outside.resolve("secret.txt"));
    }

    @Test
    void symlinkLoopIsAClearError() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
        Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));
        assertThatThrownBy(() -> RealPaths.resolve(root, Path.of("a/file.txt")))
                .isInstanceOf(FileSystemLoopException.class)
                .hasMessageContaining("symbolic link loop")
                .hasMessageContaining(root.resolve("a").toString());
    }

    @Test
    void containmentComparesWholeComponents() {
        Path ws = Path.of("/tmp/ws");
        assertThat(RealPaths.contains(ws, Path.of("/tmp/ws"))).isTrue();
        assertThat(RealPaths.contains(ws, Path.of("/tmp/ws/a/b"))).isTrue();
        assertThat(RealPaths.contains(ws, Path.of("/tmp/ws-evil/x"))).isFalse();
        assertThat(RealPaths.contains(ws, Path.of("/tmp/wsx"))).isFalse();
        assertThat(RealPaths.contains(ws, Path.of("/tmp"))).isFalse();
    }
}
