package dev.dispatch.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void createsParentsAndLeavesNoTemporaryFiles() throws Exception {
        Path target = tmp.resolve("a/b/c.txt");
        AtomicFiles.write(target, "hello".getBytes());
        assertThat(Files.readString(target)).isEqualTo("hello");
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("c.txt");
        }
    }

    @Test
    void replacingKeepsTheFilesPermissions() throws Exception {
        Path script = Files.writeString(tmp.resolve("run.sh"), "echo old\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicFiles.write(script, "echo new\n".getBytes());
        assertThat(Files.readString(script)).isEqualTo("echo new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
                .isEqualTo("rwxr-x---");
    }
}
