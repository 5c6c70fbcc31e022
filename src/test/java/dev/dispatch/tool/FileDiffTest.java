package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * write_file and edit_file send the faces the unified diff they made: a replaced file against its
 * previous content (which no face can read after the write), every occurrence of a replace_all edit;
 * the model's result text stays as it was; a binary or oversized file sends none.
 */
class FileDiffTest {
    @TempDir
    java.nio.file.Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
    }

    @Test
    void aReplacedFileIsDiffedAgainstWhatItHeld() throws Exception {
        ws.write("a.txt", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n");
        ToolResult r = ws.call(
                "write_file",
                "{\"path\":\"a.txt\",\"content\":\"one\\ntwo\\nthree\\nfour\\nFIVE\\nsix\\nseven\\neight\\nnine\\nten\\n\"}");
        assertThat(r.text()).isEqualTo("replaced a.txt (49 bytes)");
        assertThat((String) r.metadata().get("diff"))
                .isEqualTo("--- a/a.txt\n+++ b/a.txt\n@@ -2,7 +2,7 @@\n two\n three\n four\n-five\n+FIVE\n six\n"
                        + " seven\n eight\n");
    }

    @Test
    void aNewFileIsAllAdditions() throws Exception {
        ToolResult r = ws.call("write_file", "{\"path\":\"n.txt\",\"content\":\"x\\ny\\n\"}");
        assertThat((String) r.metadata().get("diff"))
                .isEqualTo("--- /dev/null\n+++ b/n.txt\n@@ -1,0 +1,2 @@\n+x\n+y\n");
    }

    @Test
    void replacingABinaryFileSendsNoDiff() throws Exception {
        Files.write(ws.root.resolve("b.bin"), new byte[] {1, 0, 2, 3});
        ToolResult r = ws.call("write_file", "{\"path\":\"b.bin\",\"content\":\"text now\"}");
        assertThat(r.isError()).isFalse();
        assertThat(r.metadata()).doesNotContainKey("diff");
    }

    @Test
    void replaceAllDiffsEveryOccurrence() throws Exception {
        StringBuilder src = new StringBuilder();
        for (int i = 1; i <= 30; i++) src.append(i % 10 == 0 ? "int total = 0;\n" : "// line " + i + "\n");
        ws.write("Calc.java", src.toString());
        ToolResult r = ws.call(
                "edit_file",
                "{\"path\":\"Calc.java\",\"old_string\":\"int total\",\"new_string\":\"long total\",\"replace_all\":true}");
        assertThat(r.text()).isEqualTo("replaced 3 occurrences in Calc.java (first at line 10)");
        String diff = (String) r.metadata().get("diff");
        assertThat(diff)
                .contains("@@ -7,7 +7,7 @@")
                .contains("@@ -17,7 +17,7 @@")
                .contains("@@ -27,4 +27,4 @@");
        assertThat(diff.lines().filter(l -> l.equals("-int total = 0;"))).hasSize(3);
        assertThat(diff.lines().filter(l -> l.equals("+long total = 0;"))).hasSize(3);
    }
}
