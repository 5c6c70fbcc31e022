package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFileToolTest {
    @TempDir
    Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
        ws.write(
                "Calc.java",
                """
                class Calc {
                    int add(int a, int b) {
                        return a + b;
                    }

                    int twice(int a) {
                        return add(a, a);
                    }
                }
                """);
    }

    @Test
    void replacesAUniqueSnippet() throws Exception {
        ToolResult r = ws.call(
                "edit_file",
                "{\"path\":\"Calc.java\",\"old_string\":\"return a + b;\",\"new_string\":\"return Math.addExact(a, b);\"}");
        assertThat(r.isError()).isFalse();
        assertThat(r.text()).isEqualTo("replaced 1 occurrence in Calc.java (first at line 3)");
        assertThat(ws.read("Calc.java")).contains("return Math.addExact(a, b);").doesNotContain("return a + b;");
    }

    @Test
    void severalMatchesNeedReplaceAll() throws Exception {
        String before = ws.read("Calc.java");
        ToolResult r =
                ws.call("edit_file", "{\"path\":\"Calc.java\",\"old_string\":\"(int a\",\"new_string\":\"(long a\"}");
        assertThat(r.isError()).isTrue();
        assertThat(r.text())
                .isEqualTo("old_string occurs 2 times in Calc.java (lines 2, 6); include more surrounding"
                        + " lines to make it unique, or set replace_all to change every one");
        assertThat(ws.read("Calc.java")).isEqualTo(before);
        ToolResult all = ws.call(
                "edit_file",
                "{\"path\":\"Calc.java\",\"old_string\":\"(int a\",\"new_string\":\"(long a\",\"replace_all\":true}");
        assertThat(all.text()).isEqualTo("replaced 2 occurrences in Calc.java (first at line 2)");
        assertThat(ws.read("Calc.java"))
                .doesNotContain("(int a")
                .contains("add(long a, int b)")
                .contains("twice(long a)");
    }

    @Test
    void noMatchShowsTheClosestRegion() throws Exception {
        String before = ws.read("Calc.java");
        ToolResult r = ws.call(
                "edit_file",
                """
                {"path":"Calc.java","old_string":"int twice(int a) {\\n  return add(a,a);\\n}","new_string":"x"}""");
        assertThat(r.isError()).isTrue();
        assertThat(r.text())
                .startsWith("old_string was not found in Calc.java. The closest region is lines 6-8 (")
                .contains("     6\t    int twice(int a) {\n     7\t        return add(a, a);\n     8\t    }\n");
        assertThat(ws.read("Calc.java")).isEqualTo(before);
    }

    @Test
    void nothingAlikeSaysToReadAgain() throws Exception {
        ToolResult r =
                ws.call("edit_file", "{\"path\":\"Calc.java\",\"old_string\":\"@@@@ ####\",\"new_string\":\"x\"}");
        assertThat(r.text())
                .isEqualTo("old_string was not found in Calc.java. Nothing in the file resembles it;"
                        + " read the file again with read_file.");
    }

    @Test
    void badEditsAreClearErrors() throws Exception {
        assertThat(ws.call("edit_file", "{\"path\":\"Calc.java\",\"old_string\":\"\",\"new_string\":\"x\"}")
                        .text())
                .isEqualTo("invalid arguments for edit_file: old_string is empty; to create a file use write_file");
        assertThat(ws.call("edit_file", "{\"path\":\"Calc.java\",\"old_string\":\"a\",\"new_string\":\"a\"}")
                        .text())
                .contains("old_string and new_string are the same");
        assertThat(ws.call("edit_file", "{\"path\":\"Nope.java\",\"old_string\":\"a\",\"new_string\":\"b\"}")
                        .text())
                .isEqualTo("no such file: Nope.java; create it with write_file");
        Files.write(ws.root.resolve("b.bin"), new byte[] {1, 0, 2});
        assertThat(ws.call("edit_file", "{\"path\":\"b.bin\",\"old_string\":\"a\",\"new_string\":\"b\"}")
                        .text())
                .contains("binary file");
    }
}
