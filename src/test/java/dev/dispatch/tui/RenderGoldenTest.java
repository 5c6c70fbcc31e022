package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden output of the chat renderer (markdown, syntax colours, diffs, folding, a half-streamed code
 * fence) at 80 and 120 columns: every row with its styled spans, so a lost colour fails as surely as
 * a lost character. Goldens live in {@code src/test/resources/dev/dispatch/tui/golden/render-*.txt};
 * refresh with {@code -Ddispatch.updateGoldens=true} and review the diff.
 */
class RenderGoldenTest {
    static final String MARKDOWN =
            """
            # Release plan

            Some **bold**, some *italic*, a `code span` and a [link](https://example.com/docs).
            A line that is long enough to need wrapping at eighty columns, so the paragraph reflows onto a second row.

            ## Steps

            1. Build the jar
            2. Run the tests:
               - unit tests
               - integration tests
                 * nested deeper
            3. Tag the release

            > Quoted advice: ship **small** changes.
            > Second quoted line.

            | Name | Kind | Size |
            |:-----|:----:|-----:|
            | parser | `class` | 12 |
            | lexer with a long name | record | 3 |

            ```java
            // entry point
            public class Main {
                static int answer = 42;
                public static void main(String[] args) {
                    System.out.println("hello, world");
                }
            }
            ```

            ```python
            def greet(name):  # say hi
                return f"hi {name}" if name else None
            ```

            ```sh
            export PATH="$HOME/bin:$PATH"  # tools
            for f in *.txt; do echo "$f"; done
            ```

            ```json
            {"name": "dispatch", "port": 8080, "debug": true}
            ```

            ---
            Done.
            """;

    static final String PARTIAL =
            """
            Here is the fix:

            ```go
            func main() {
                fmt.Println("streaming
            """;

    static Entry.Tool edit() {
        Entry.Tool t = new Entry.Tool(
                "c1",
                "edit_file",
                """
                {"path":"src/App.java","old_string":"    int port = 80;\\n    String host = \\"a\\";","new_string":"    int port = 8080;\\n    String host = \\"localhost\\";\\n    boolean tls = true;"}""");
        t.finished = true;
        t.result = "replaced 1 occurrence in src/App.java (first at line 12)";
        return t;
    }

    static Entry.Tool longWrite() {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 60; i++) content.append("line ").append(i).append('\n');
        Entry.Tool t = new Entry.Tool(
                "c2",
                "write_file",
                "{\"path\":\"notes.txt\",\"content\":"
                        + dev.dispatch.protocol.Json.mapper()
                                .valueToTree(content.toString())
                                .toString() + "}");
        t.finished = true;
        t.result = "created notes.txt (400 bytes)";
        return t;
    }

    @Test
    void markdownAt80And120() {
        for (int w : new int[] {80, 120}) {
            Entry.Assistant a = new Entry.Assistant("claude");
            a.text.append(MARKDOWN);
            String shown = annotate(a.lines(w, Expansion.EACH), w);
            assertThat(shown).doesNotContain("```").doesNotContain("**").doesNotContain("# Release");
            Goldens.assertScreen("render-markdown-" + w, shown);
        }
    }

    @Test
    void aHalfStreamedFenceIsACodeBlockThatGrows() {
        for (int w : new int[] {80, 120}) {
            Entry.Assistant a = new Entry.Assistant("claude");
            a.text.append(PARTIAL);
            String partial = annotate(a.lines(w, Expansion.EACH), w);
            assertThat(partial)
                    .doesNotContain("```")
                    .contains("│ func main() {")
                    .doesNotContain("╰─");
            a.text.append("\")\n}\n```\nAnd that is all.");
            a.touch();
            String whole = annotate(a.lines(w, Expansion.EACH), w);
            assertThat(whole).contains("╰─").contains("And that is all.");
            Goldens.assertScreen("render-partial-fence-" + w, partial + "--- after the rest streamed ---\n" + whole);
        }
    }

    @Test
    void streamingRendersTheSameRowsAsTheWholeTextAndKeepsFinishedBlocks() {
        for (int w : new int[] {80, 120}) {
            List<Line> whole = Markdown.render(MARKDOWN, w, 2);
            Entry.Assistant a = new Entry.Assistant("claude");
            for (char c : MARKDOWN.toCharArray()) {
                a.text.append(c);
                a.touch();
                a.lines(w, Expansion.EACH);
            }
            assertThat(a.lines(w, Expansion.EACH).subList(1, whole.size() + 1)).isEqualTo(whole);
        }
    }

    @Test
    void hostileMarkdownStaysInsideThePane() {
        String deep = ">".repeat(5_000) + " deep\n\n" + "- ".repeat(3_000) + "x\n\n" + "*".repeat(20_000) + "y"
                + "*".repeat(20_000) + "\n\n|" + "a|".repeat(200) + "\n|" + "-|".repeat(200) + "\n|" + "1|".repeat(200)
                + "\n\n```\n\u001b[2J\u001b]0;title\u0007evil\n```\n";
        for (int w : new int[] {40, 80}) {
            List<Line> rows = Markdown.render(deep, w, 2);
            for (Line l : rows) assertThat(l.text().length()).as(l.text()).isLessThanOrEqualTo(w);
            String all = String.join("\n", rows.stream().map(Line::text).toList());
            assertThat(all).contains("deep").contains("x").contains("evil").doesNotContain("\u001b");
        }
    }

    @Test
    void editDiffWithLineNumbers() {
        for (int w : new int[] {80, 120}) {
            String shown = annotate(edit().lines(w, Expansion.EACH), w);
            assertThat(shown)
                    .contains("12 -     int port = 80;")
                    .contains("12 +     int port = 8080;")
                    .contains("14 +     boolean tls = true;");
            Goldens.assertScreen("render-edit-diff-" + w, shown);
        }
    }

    @Test
    void longDiffFoldsUntilExpanded() {
        for (int w : new int[] {80, 120}) {
            Entry.Tool t = longWrite();
            List<Line> folded = t.lines(w, Expansion.EACH);
            assertThat(folded).hasSize(2 + EntryRenderer.FOLD_ROWS + 1);
            assertThat(folded.get(folded.size() - 1).text())
                    .contains("… 45 more diff lines (Enter expands, ctrl+o all)");
            List<Line> all = t.lines(w, Expansion.ALL);
            assertThat(all.get(all.size() - 1).text()).contains("60 + line 60");
            Goldens.assertScreen(
                    "render-long-diff-" + w,
                    annotate(folded, w) + "--- expanded (tail) ---\n"
                            + annotate(all.subList(all.size() - 3, all.size()), w));
        }
    }

    /** Each row padded to the width, then its spans: {@code [from-to STYLE]}. */
    static String annotate(List<Line> lines, int width) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            assertThat(l.text().length())
                    .as("row wider than %d: %s", width, l.text())
                    .isLessThanOrEqualTo(width);
            b.append(l.text())
                    .append(" ".repeat(width - l.text().length()))
                    .append(" ┃ ")
                    .append(l.style());
            for (Line.Span s : l.spans())
                b.append(" [")
                        .append(s.start())
                        .append('-')
                        .append(s.end())
                        .append(' ')
                        .append(s.style())
                        .append(']');
            b.append('\n');
        }
        return b.toString();
    }
}
