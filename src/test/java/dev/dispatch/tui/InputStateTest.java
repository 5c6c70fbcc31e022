package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input box's text: paste placeholders, the history file (bounded, multi-line safe, 0600) and ctrl+R. */
class InputStateTest {
    @TempDir
    Path tmp;

    @Test
    void aLargePasteIsOnePlaceholderExpandedOnSendAndDeletedWhole() {
        InputState in = new InputState();
        in.paste("short\npaste");
        assertThat(in.text.toString()).isEqualTo("short\npaste");
        in.clear();
        String big = "l1\r\nl2\r\nl3\r\nl4\r\nl5\r\nl6";
        in.insert("see ");
        in.paste(big);
        assertThat(in.text.toString()).isEqualTo("see [pasted 6 lines]");
        in.backspace();
        assertThat(in.text.toString()).isEqualTo("see ");
        in.paste(big);
        in.insert(" and ");
        in.paste("x\n".repeat(10));
        assertThat(in.text.toString()).isEqualTo("see [pasted 6 lines] and [pasted 10 lines]");
        InputState.Typed t = in.take();
        assertThat(t.shown()).isEqualTo("see [pasted 6 lines] and [pasted 10 lines]");
        assertThat(t.text()).isEqualTo("see l1\nl2\nl3\nl4\nl5\nl6 and " + "x\n".repeat(10));
        assertThat(in.isEmpty()).isTrue();
        assertThat(in.pastes()).isEmpty();
    }

    @Test
    void historyIsKeptPerFileBoundedAndSurvivesNewlines() throws Exception {
        Path file = tmp.resolve("h/project.txt");
        PromptHistory h = PromptHistory.load(file);
        for (int i = 0; i < PromptHistory.LIMIT + 20; i++) h.add("prompt " + i);
        h.add("two\nlines \\n literal");
        h.add("two\nlines \\n literal"); // a repeat is not a new entry
        PromptHistory again = PromptHistory.load(file);
        assertThat(again.entries()).hasSize(PromptHistory.LIMIT);
        assertThat(again.entries().getLast()).isEqualTo("two\nlines \\n literal");
        assertThat(again.entries().getFirst()).isEqualTo("prompt 21");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(PromptHistory.load(tmp.resolve("missing.txt")).entries()).isEmpty();
    }

    @Test
    void ctrlRFindsOlderEntriesAndEscGivesTheDraftBack() {
        InputState in = new InputState();
        for (String s : new String[] {"build the parser", "run the tests", "fix the parser bug"}) {
            in.set(s);
            in.take();
        }
        in.set("draft");
        in.searchBack();
        in.searchType("parser");
        assertThat(in.searchMatch()).isEqualTo("fix the parser bug");
        in.searchBack();
        assertThat(in.searchMatch()).isEqualTo("build the parser");
        in.searchBack(); // nothing older: the match stays
        assertThat(in.searchMatch()).isEqualTo("build the parser");
        in.endSearch(false);
        assertThat(in.text.toString()).isEqualTo("draft");
        in.searchBack();
        in.searchType("tests");
        in.endSearch(true);
        assertThat(in.text.toString()).isEqualTo("run the tests");
        in.searchBack();
        in.searchType("zzz");
        assertThat(in.searchMatch()).isEmpty();
    }
}
