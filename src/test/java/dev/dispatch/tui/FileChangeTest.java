package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face reads a file for a prompt's diff only when that is safe and cheap: never a FIFO (which
 * would block the screen), a device, a link, binary or invalid UTF-8; and a diff never throws on
 * arguments that are not what a write or edit takes.
 */
class FileChangeTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void readsOnlyRegularTextFiles() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        assertThat(FileChange.read(fifo)).isNull(); // returns at once: never opened
        assertThat(FileChange.read(Path.of("/dev/zero"))).isNull();
        Path text = Files.writeString(tmp.resolve("a.txt"), "héllo\n");
        assertThat(FileChange.read(text)).isEqualTo("héllo\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), text);
        assertThat(FileChange.read(link)).isNull();
        assertThat(FileChange.read(Files.write(tmp.resolve("bin"), new byte[] {1, 0, 2})))
                .isNull();
        assertThat(FileChange.read(Files.write(tmp.resolve("latin1"), new byte[] {'a', (byte) 0xe9})))
                .isNull();
        assertThat(FileChange.read(tmp.resolve("missing"))).isNull();
        assertThat(FileChange.read(tmp)).isNull();
    }

    @Test
    void argumentsThatAreNotAnEditGiveNoDiff() {
        for (String args :
                new String[] {"", "not json", "[1,2]", "{\"path\":3}", "{\"old_string\":1,\"new_string\":[]}", "null"
                }) {
            assertThat(FileChange.proposed("edit_file", args, "x")).as(args).isNull();
            assertThat(FileChange.proposed("write_file", args, "x")).as(args).isNull();
            assertThat(FileChange.done("edit_file", args, "replaced 1 occurrence", null))
                    .as(args)
                    .isNull();
        }
        assertThat(FileChange.proposed("run_shell", "{\"command\":\"ls\"}", null))
                .isNull();
    }

    @Test
    void anEditWhoseSnippetIsGoneShowsTheEditAloneAndSaysWhy() {
        String args = Json.mapper()
                .createObjectNode()
                .put("old_string", "a")
                .put("new_string", "b")
                .toString();
        FileChange.Change c = FileChange.proposed("edit_file", args, "zzz\n");
        assertThat(c.note()).isEqualTo("old_string is not in the file as it is now");
        assertThat(DiffView.stats(c.rows())).isEqualTo("+1 -1");
        FileChange.Change unread = FileChange.proposed("edit_file", args, null);
        assertThat(unread.note()).contains("could not be read");
    }

    @Test
    void replaceAllChangesEveryOccurrenceInThePromptsDiff() {
        String args = Json.mapper()
                .createObjectNode()
                .put("old_string", "x")
                .put("new_string", "y")
                .put("replace_all", true)
                .toString();
        FileChange.Change c = FileChange.proposed("edit_file", args, "x\n1\n2\n3\n4\n5\n6\n7\n8\nx\n");
        assertThat(DiffView.stats(c.rows())).isEqualTo("+2 -2");
        assertThat(c.rows().stream().filter(r -> r.kind() == '@').count()).isEqualTo(2); // two hunks, 8 lines apart
    }
}
