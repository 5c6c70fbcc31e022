package dev.dispatch.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWalkTest {
    @TempDir
    Path tmp;

    Path root;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        write(".gitignore", "*.log\nbuild/\n/secret.txt\n");
        write("a.txt", "");
        write("debug.log", "");
        write("secret.txt", "");
        write("build/out.class", "");
        write("src/Main.java", "");
        write("src/nested/deep/Deep.java", "");
        write("src/keep.log", "");
        write("src/secret.txt", "");
        write("src/.gitignore", "!keep.log\ngenerated/\n");
        write("src/generated/Gen.java", "");
        write(".git/HEAD", "ref: refs/heads/main\n");
        write(".git/info/exclude", "excluded.txt\n");
        write("excluded.txt", "");
    }

    @Test
    void honoursNestedGitignoreNegationAndExcludeAndSkipsDotGit() throws Exception {
        assertThat(walk(root))
                .containsExactly(
                        ".gitignore",
                        "a.txt",
                        "src/.gitignore",
                        "src/Main.java",
                        "src/keep.log",
                        "src/nested/deep/Deep.java",
                        "src/secret.txt");
    }

    @Test
    void walkingASubdirectoryStillAppliesTheRootRules() throws Exception {
        write("src/other.log", "");
        assertThat(walk(root.resolve("src"))).contains("src/keep.log").doesNotContain("src/other.log");
    }

    @Test
    void symlinksAreListedButNotFollowed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("x.txt"), "");
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertThat(walk(root)).contains("out").noneMatch(p -> p.startsWith("out/"));
    }

    @Test
    void globsMatchLikeRipgrep() {
        Predicate<String> java = FileWalk.glob("**/*.java");
        assertThat(java.test("Main.java")).isTrue();
        assertThat(java.test("src/a/Main.java")).isTrue();
        assertThat(java.test("src/a/Main.kt")).isFalse();
        Predicate<String> name = FileWalk.glob("*.md");
        assertThat(name.test("docs/x/README.md")).isTrue();
        Predicate<String> anchored = FileWalk.glob("src/*.java");
        assertThat(anchored.test("src/A.java")).isTrue();
        assertThat(anchored.test("src/x/A.java")).isFalse();
        assertThat(anchored.test("A.java")).isFalse();
        assertThat(FileWalk.glob(null).test("anything")).isTrue();
    }

    private List<String> walk(Path start) throws Exception {
        List<String> seen = new ArrayList<>();
        FileWalk.walk(
                root, start, (file, attrs) -> seen.add(root.relativize(file).toString()));
        seen.sort(null);
        return seen;
    }

    private void write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
