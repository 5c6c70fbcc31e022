package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrepToolTest {
    @TempDir
    Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
        ws.write(".gitignore", "build/\n");
        ws.write("src/A.java", "class A {\n  // TODO later\n}\n");
        ws.write("src/B.java", "class B extends A {}\n");
        ws.write("README.md", "Class notes\nclass diagram\n");
        ws.write("build/Gen.java", "class Gen {}\n");
        Files.write(ws.root.resolve("data.bin"), new byte[] {'c', 'l', 'a', 's', 's', 0, 1});
    }

    @Test
    void findsMatchesAsPathLineText() throws Exception {
        ToolResult r = ws.call("grep", "{\"pattern\":\"^class \\\\w+\"}");
        assertThat(r.isError()).isFalse();
        assertThat(r.text())
                .isEqualTo(
                        """
                README.md:2: class diagram
                src/A.java:1: class A {
                src/B.java:1: class B extends A {}
                """);
    }

    @Test
    void globPathAndCaseOptions() throws Exception {
        assertThat(ws.call("grep", "{\"pattern\":\"class\",\"glob\":\"*.md\",\"ignore_case\":true}")
                        .text())
                .isEqualTo("README.md:1: Class notes\nREADME.md:2: class diagram\n");
        assertThat(ws.call("grep", "{\"pattern\":\"A\",\"path\":\"src/B.java\"}")
                        .text())
                .isEqualTo("src/B.java:1: class B extends A {}\n");
        assertThat(ws.call("grep", "{\"pattern\":\"nothing-like-this\"}").text())
                .isEqualTo("no matches for nothing-like-this\n");
    }

    @Test
    void capIsVisible() throws Exception {
        ToolResult r = ws.call("grep", "{\"pattern\":\"class\",\"limit\":2}");
        assertThat(r.text())
                .isEqualTo(
                        "README.md:2: class diagram\nsrc/A.java:1: class A {\n"
                                + "[... stopped after 2 matching lines; narrow with path, glob or a more specific pattern ...]\n");
        assertThat(r.metadata()).containsEntry("truncated", true);
    }

    @Test
    void badRegexIsAClearError() throws Exception {
        ToolResult r = ws.call("grep", "{\"pattern\":\"class (\"}");
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).startsWith("invalid regex 'class (': Unclosed group");
    }
}
