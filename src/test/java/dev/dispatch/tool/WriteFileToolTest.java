package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFileToolTest {
    @TempDir
    Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
    }

    @Test
    void createsFileAndParentsAndReportsBytes() throws Exception {
        ToolResult r = ws.call("write_file", "{\"path\":\"new/deep/x.txt\",\"content\":\"héllo\\n\"}");
        assertThat(r.isError()).isFalse();
        assertThat(r.text()).isEqualTo("created new/deep/x.txt (7 bytes)");
        assertThat(ws.read("new/deep/x.txt")).isEqualTo("héllo\n");
        assertThat(r.metadata()).containsEntry("bytes", 7).containsEntry("created", true);
        ws.assertNothingOutsideChanged();
    }

    @Test
    void replacesAnExistingFileLeavingNoTemporaryFiles() throws Exception {
        ws.write("a.txt", "old");
        ToolResult r = ws.call("write_file", "{\"path\":\"a.txt\",\"content\":\"new\"}");
        assertThat(r.text()).isEqualTo("replaced a.txt (3 bytes)");
        assertThat(ws.read("a.txt")).isEqualTo("new");
        try (var files = Files.list(ws.root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.txt");
        }
    }

    @Test
    void aDirectoryIsNotAFile() throws Exception {
        Files.createDirectories(ws.root.resolve("d"));
        ToolResult r = ws.call("write_file", "{\"path\":\"d\",\"content\":\"x\"}");
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).isEqualTo("d is a directory; give a file path");
    }

    @Test
    void writingThroughAnInsideSymlinkWritesItsTarget() throws Exception {
        ws.write("real.txt", "old");
        Files.createSymbolicLink(ws.root.resolve("alias.txt"), ws.root.resolve("real.txt"));
        assertThat(ws.call("write_file", "{\"path\":\"alias.txt\",\"content\":\"new\"}")
                        .isError())
                .isFalse();
        assertThat(ws.read("real.txt")).isEqualTo("new");
        assertThat(Files.isSymbolicLink(ws.root.resolve("alias.txt"))).isTrue();
    }
}
