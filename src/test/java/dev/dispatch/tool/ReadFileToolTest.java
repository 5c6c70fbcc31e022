package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFileToolTest {
    @TempDir
    Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
    }

    @Test
    void showsLinesNumberedLikeCatN() throws Exception {
        ws.write("src/A.java", "class A {\n  int x;\n}\n");
        ToolResult r = ws.call("read_file", "{\"path\":\"src/A.java\"}");
        assertThat(r.isError()).isFalse();
        assertThat(r.text()).isEqualTo("     1\tclass A {\n     2\t  int x;\n     3\t}\n");
        assertThat(r.metadata()).containsEntry("path", "src/A.java").containsEntry("truncated", false);
    }

    @Test
    void offsetAndLimitShowAWindowAndSayWhereToContinue() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 10; i++) text.append("line ").append(i).append('\n');
        ws.write("ten.txt", text.toString());
        ToolResult r = ws.call("read_file", "{\"path\":\"ten.txt\",\"offset\":4,\"limit\":2}");
        assertThat(r.text())
                .isEqualTo("     4\tline 4\n     5\tline 5\n[... more lines follow; continue with offset=6 ...]\n");
        ToolResult past = ws.call("read_file", "{\"path\":\"ten.txt\",\"offset\":11}");
        assertThat(past.isError()).isTrue();
        assertThat(past.text()).isEqualTo("ten.txt has 10 lines; offset 11 is past its end");
    }

    @Test
    void bigFilesMustBeReadInWindows() throws Exception {
        ws.write("big.txt", ("x".repeat(99) + "\n").repeat(3000));
        ToolResult whole = ws.call("read_file", "{\"path\":\"big.txt\"}");
        assertThat(whole.isError()).isTrue();
        assertThat(whole.text()).contains("big.txt is 300000 bytes").contains("offset and limit");
        ToolResult part = ws.call("read_file", "{\"path\":\"big.txt\",\"offset\":2999}");
        assertThat(part.isError()).isFalse();
        assertThat(part.text()).startsWith("  2999\t").contains("  3000\t");
    }

    @Test
    void binaryFilesDirectoriesAndMissingFilesAreRefusedClearly() throws Exception {
        Files.write(ws.root.resolve("img.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Files.createDirectories(ws.root.resolve("dir"));
        assertThat(ws.call("read_file", "{\"path\":\"img.png\"}").text())
                .isEqualTo("img.png is a binary file (7 bytes); read_file shows text only");
        assertThat(ws.call("read_file", "{\"path\":\"dir\"}").text()).contains("dir is a directory; use list_files");
        ToolResult missing = ws.call("read_file", "{\"path\":\"nope.txt\"}");
        assertThat(missing.isError()).isTrue();
        assertThat(missing.text()).contains("no such file: nope.txt");
    }

    @Test
    void emptyFileSaysSo() throws Exception {
        ws.write("empty.txt", "");
        assertThat(ws.call("read_file", "{\"path\":\"empty.txt\"}").text()).isEqualTo("(empty.txt is empty)");
    }

    @Test
    void veryLongLinesAreCut() throws Exception {
        ws.write("min.js", "a".repeat(5000) + "\n");
        assertThat(ws.call("read_file", "{\"path\":\"min.js\"}").text()).contains("[... line cut at 2000 chars]");
    }
}
