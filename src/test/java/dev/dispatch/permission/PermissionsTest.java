package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionsTest {
    @TempDir
    Path tmp;

    Path root;
    Path outside;
    Permissions permissions;

    @BeforeEach
    void layout() throws Exception {
        tmp = tmp.toRealPath();
        root = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(tmp.resolve("ws-evil"));
        Files.createDirectories(root.resolve("src"));
        permissions = new Permissions(root);
    }

    @Test
    void insideTheRootIsAllowedForEveryOperation() {
        assertThat(permissions
                        .decide(PermissionRequest.read(root.resolve("src/A.java"), "r"))
                        .allowed())
                .isTrue();
        assertThat(permissions
                        .decide(PermissionRequest.write(root.resolve("new/dir/B.java"), "w"))
                        .allowed())
                .isTrue();
        assertThat(permissions
                        .decide(PermissionRequest.execute("ls", root, "x"))
                        .allowed())
                .isTrue();
        assertThat(permissions
                        .decide(PermissionRequest.read(root, "the root itself"))
                        .allowed())
                .isTrue();
    }

    @Test
    void outsideIsDeniedWithAReasonNamingPathAndRoot() {
        PermissionDecision d = permissions.decide(PermissionRequest.read(root.resolve("../../etc/passwd"), "r"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("etc/passwd").contains("outside the project root " + root);
        assertThat(permissions
                        .decide(PermissionRequest.read(Path.of("/etc/hosts"), "r"))
                        .allowed())
                .isFalse();
        assertThat(permissions
                        .decide(PermissionRequest.write(tmp.resolve("ws-evil/x"), "w"))
                        .allowed())
                .isFalse();
        assertThat(permissions
                        .decide(PermissionRequest.write(root.resolve("a/./../../x"), "w"))
                        .allowed())
                .isFalse();
        assertThat(permissions
                        .decide(PermissionRequest.execute("ls", outside, "x"))
                        .allowed())
                .isFalse();
    }

    @Test
    void symlinksAreJudgedByWhereTheyLead() throws Exception {
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("later.txt"));
        Files.createSymbolicLink(root.resolve("in"), root.resolve("src"));
        PermissionDecision viaDir = permissions.decide(PermissionRequest.write(root.resolve("out/x.txt"), "w"));
        assertThat(viaDir.allowed()).isFalse();
        assertThat(viaDir.reason()).contains("really " + outside.resolve("x.txt"));
        assertThat(permissions
                        .decide(PermissionRequest.write(root.resolve("dangling"), "w"))
                        .allowed())
                .isFalse();
        assertThat(permissions
                        .decide(PermissionRequest.write(root.resolve("in/x.txt"), "w"))
                        .allowed())
                .isTrue();
    }

    @Test
    void aRequestIsDeniedIfAnyOfItsPathsIsOutside() {
        var request = new PermissionRequest(
                Operation.WRITE, java.util.List.of(root.resolve("a"), outside.resolve("b")), null, "two");
        assertThat(permissions.decide(request).allowed()).isFalse();
        assertThat(permissions
                        .decide(new PermissionRequest(Operation.READ, java.util.List.of(), null, "none"))
                        .allowed())
                .isFalse();
    }

    @Test
    void symlinkLoopIsDeniedWithTheLoopNamed() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
        Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));
        PermissionDecision d = permissions.decide(PermissionRequest.read(root.resolve("a"), "r"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("symbolic link loop");
    }
}
