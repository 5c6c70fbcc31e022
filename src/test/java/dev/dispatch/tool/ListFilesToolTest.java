package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListFilesToolTest {
    @TempDir
    Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
        ws.write(".gitignore", "target/\n*.log\n");
        ws.write("pom.xml", "");
        ws.write("src/main/java/A.java", "");
        ws.write("src/main/java/b/B.java", "");
        ws.write("src/main/resources/x.md", "");
        ws.write("target/classes/A.class", "");
        ws.write("run.log", "");
        ws.write(".git/config", "");
        ws.write("A.java", "");
    }

    @Test
    void listsSortedRespectingGitignore() throws Exception {
        ToolResult r = ws.call("list_files", "{}");
        assertThat(r.isError()).isFalse();
        assertThat(r.text())
                .isEqualTo(
                        """
                .gitignore
                A.java
                pom.xml
                src/main/java/A.java
                src/main/java/b/B.java
                src/main/resources/x.md
                """);
    }

    @Test
    void globAndPathNarrowTheListing() throws Exception {
        assertThat(ws.call("list_files", "{\"glob\":\"**/*.java\"}").text())
                .isEqualTo("A.java\nsrc/main/java/A.java\nsrc/main/java/b/B.java\n");
        assertThat(ws.call("list_files", "{\"path\":\"src/main\",\"glob\":\"java/*.java\"}")
                        .text())
                .isEqualTo("java/A.java\n");
        assertThat(ws.call("list_files", "{\"glob\":\"*.kt\"}").text()).isEqualTo("no files match *.kt in .");
    }

    @Test
    void capIsVisible() throws Exception {
        ToolResult r = ws.call("list_files", "{\"limit\":2}");
        assertThat(r.text())
                .isEqualTo(".gitignore\nA.java\n[... showing the first 2 of 6 files; narrow with path or glob ...]\n");
        assertThat(r.metadata()).containsEntry("truncated", true).containsEntry("count", 6);
    }

    @Test
    void errorsAreClear() throws Exception {
        assertThat(ws.call("list_files", "{\"path\":\"nope\"}").text()).isEqualTo("no such directory: nope");
        assertThat(ws.call("list_files", "{\"glob\":\"src/[a\"}").text()).startsWith("invalid glob 'src/[a'");
        assertThat(ws.call("list_files", "{\"limit\":0}").text()).contains("limit must be between 1 and");
    }
}
