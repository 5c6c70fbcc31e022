package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an {@code @path} mention may attach: project text files only, each refusal naming why. */
class ProjectFilesTest {
    @TempDir
    Path tmp;

    @Test
    void listsProjectFilesWithoutIgnoredOnesAndReadsText() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("p"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/A.java"), "class A {}\n");
        Files.writeString(root.resolve(".gitignore"), "build/\n*.log\n");
        Files.createDirectories(root.resolve("build"));
        Files.writeString(root.resolve("build/out.txt"), "x");
        Files.writeString(root.resolve("run.log"), "x");
        ProjectFiles files = new ProjectFiles(root);
        assertThat(files.list(100)).contains("src/A.java", ".gitignore").doesNotContain("build/out.txt", "run.log");
        assertThat(files.list(1)).hasSize(1);
        assertThat(files.read("src/A.java")).isEqualTo("class A {}\n");
    }

    @Test
    void refusesWhatIsNotAProjectTextFile() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(tmp.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link.txt"), tmp.resolve("outside.txt"));
        Files.write(root.resolve("img.bin"), new byte[] {1, 0, 2});
        Files.write(root.resolve("big.txt"), new byte[(int) ProjectFiles.MAX_BYTES + 1]);
        Files.writeString(root.resolve("big.txt"), "a".repeat((int) ProjectFiles.MAX_BYTES + 1));
        Files.createDirectories(root.resolve("dir"));
        ProjectFiles files = new ProjectFiles(root);
        assertThatThrownBy(() -> files.read("../outside.txt"))
                .hasMessageContaining("@../outside.txt is outside the project");
        assertThatThrownBy(() -> files.read("link.txt")).hasMessageContaining("@link.txt is outside the project");
        assertThatThrownBy(() -> files.read(tmp.resolve("outside.txt").toString()))
                .hasMessageContaining("outside the project");
        assertThatThrownBy(() -> files.read("img.bin")).hasMessageContaining("@img.bin is a binary file");
        assertThatThrownBy(() -> files.read("big.txt")).hasMessageContaining("@big.txt is 256 KB, over the 256 KB");
        assertThatThrownBy(() -> files.read("dir")).hasMessageContaining("@dir is a directory");
        assertThatThrownBy(() -> files.read("nope.txt")).hasMessageContaining("@nope.txt: no such file in the project");
    }
}
