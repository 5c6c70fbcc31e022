package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The face turns the tool's unified diff into numbered rows: each hunk numbers its own lines, so a
 * replace_all edit shows every occurrence at its line and a replaced file shows what it held before;
 * without the tool's diff (an older engine) the face falls back to what it can see.
 */
class DiffParseTest {
    static final String TWO_HUNKS = "--- a/C.java\n+++ b/C.java\n@@ -7,3 +7,3 @@\n a\n-int x;\n+long x;\n"
            + "@@ -27,2 +27,3 @@\n b\n-int x;\n+long x;\n+// more\n\\ No newline at end of file\n";

    @Test
    void everyHunkIsNumberedFromItsHeader() {
        List<DiffView.Row> rows = DiffView.parse(TWO_HUNKS);
        assertThat(rows)
                .containsExactly(
                        new DiffView.Row('@', 0, 0, "@@ -7,3 +7,3 @@"),
                        new DiffView.Row(' ', 7, 7, "a"),
                        new DiffView.Row('-', 8, 0, "int x;"),
                        new DiffView.Row('+', 0, 8, "long x;"),
                        new DiffView.Row('@', 0, 0, "@@ -27,2 +27,3 @@"),
                        new DiffView.Row(' ', 27, 27, "b"),
                        new DiffView.Row('-', 28, 0, "int x;"),
                        new DiffView.Row('+', 0, 28, "long x;"),
                        new DiffView.Row('+', 0, 29, "// more"));
        assertThat(DiffView.stats(rows)).isEqualTo("+3 -2");
    }

    @Test
    void aNewFileFromItsDiffStartsAtLineOne() {
        List<DiffView.Row> rows = DiffView.parse("--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,2 @@\n+x\n+y\n");
        assertThat(rows)
                .containsExactly(
                        new DiffView.Row('@', 0, 0, "@@ -0,0 +1,2 @@"),
                        new DiffView.Row('+', 0, 1, "x"),
                        new DiffView.Row('+', 0, 2, "y"));
        assertThat(FileChange.done(
                                "write_file",
                                "{\"path\":\"n.txt\",\"content\":\"x\\ny\\n\"}",
                                "created n.txt",
                                null,
                                "--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,2 @@\n+x\n+y\n")
                        .note())
                .isEqualTo("new file");
    }

    @Test
    void theToolsDiffWinsOverWhatTheFaceCouldSee() {
        String args = "{\"path\":\"a.txt\",\"content\":\"one\\nTWO\\n\"}";
        // no before-content seen by the face: without the tool's diff it could only show additions
        FileChange.Change blind = FileChange.done("write_file", args, "replaced a.txt (8 bytes)", null, null);
        assertThat(blind.note()).contains("previous content was not seen here");
        FileChange.Change real = FileChange.done(
                "write_file",
                args,
                "replaced a.txt (8 bytes)",
                null,
                "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n");
        assertThat(real.note()).isNull();
        assertThat(real.rows()).extracting(DiffView.Row::kind).containsExactly('@', ' ', '-', '+');
        // garbage instead of a diff: nothing invented
        assertThat(DiffView.parse("not a diff\n+++ nope\n@@ bad @@\n+x\n")).isEmpty();
    }

    @Test
    void aReplaceAllEditRendersEveryOccurrenceInTheChat() {
        var t = new Entry.Tool(
                "c1",
                "edit_file",
                "{\"path\":\"C.java\",\"old_string\":\"int x;\",\"new_string\":\"long x;\",\"replace_all\":true}");
        t.finished = true;
        t.result = "replaced 2 occurrences in C.java (first at line 8)";
        t.diff = TWO_HUNKS;
        String shown = String.join(
                "\n",
                EntryRenderer.render(t, 80, Expansion.ALL).stream()
                        .map(Line::text)
                        .toList());
        assertThat(shown)
                .contains("@@ -7,3 +7,3 @@")
                .contains("@@ -27,2 +27,3 @@")
                .doesNotContain("each occurrence");
        assertThat(shown.lines().filter(l -> l.contains("long x;"))).hasSize(2);
    }
}
