package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.TurnEnded;
import dev.dispatch.protocol.SessionOps.ReplyPermission;
import dev.dispatch.protocol.SessionOps.StartAgent;
import dev.dispatch.protocol.SessionOps.StartAgentResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch chat} on a colour terminal: the answer is rendered markdown in ANSI colours, printed
 * block by block as blocks complete (the same rows however the text was cut into deltas), file edits
 * are followed by their diff, and a write's permission prompt shows the diff it approves.
 */
class LineChatRenderTest {
    @TempDir
    Path tmp;

    static String strip(String ansi) {
        return ansi.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    String printed(boolean colour, List<String> deltas) {
        return printed(colour, 80, deltas);
    }

    String printed(boolean colour, int width, List<String> deltas) {
        StringWriter sw = new StringWriter();
        ChatPrinter p = new ChatPrinter(new PrintWriter(sw), colour, width);
        for (String d : deltas) p.print(new TextDelta("a", d));
        p.endLine();
        return sw.toString();
    }

    @Test
    void markdownIsRenderedInColourTheSameHoweverItStreams() {
        String md = RenderGoldenTest.MARKDOWN;
        String whole = printed(true, List.of(md));
        // one character per delta, and uneven chunks: the same output
        List<String> chars = md.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        assertThat(screen(printed(true, chars))).isEqualTo(whole);
        assertThat(screen(printed(true, List.of(md.substring(0, 37), md.substring(37, 300), md.substring(300)))))
                .isEqualTo(whole);
        assertThat(whole).contains("\u001b[").doesNotContain("```").doesNotContain("**bold**");
        String plainRows = strip(whole);
        assertThat(plainRows)
                .contains("█ Release plan")
                .contains("│ public class Main {")
                .contains("◦ unit tests")
                .contains("┌");
        // the colours are the palette's: a keyword bold magenta, a string green
        assertThat(whole).contains("\u001b[35;1mpublic\u001b[0m").contains("\u001b[32m\"hello, world\"\u001b[0m");
    }

    /** What a terminal shows after {@code printed}: a redraw ({@code ESC[nF ESC[J}) takes back its n lines. */
    static String screen(String printed) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\u001b\\[(\\d+)F\u001b\\[J").matcher(printed);
        int at = 0;
        while (true) {
            int end = m.find(at) ? m.start() : printed.length();
            for (String part : printed.substring(at, end).split("(?<=\n)")) {
                cur.append(part);
                if (part.endsWith("\n")) {
                    lines.add(cur.toString());
                    cur.setLength(0);
                }
            }
            if (end == printed.length()) break;
            for (int i = Integer.parseInt(m.group(1)); i > 0; i--) lines.remove(lines.size() - 1);
            at = m.end();
        }
        return String.join("", lines) + cur;
    }

    @Test
    void aLongParagraphIsPrintedRowByRowBeforeItEnds() {
        StringWriter sw = new StringWriter();
        ChatPrinter p = new ChatPrinter(new PrintWriter(sw), true, 40);
        String words = "word ".repeat(40); // five rows at 40 columns
        p.print(new TextDelta("a", words.substring(0, 120) + "\n"));
        String soFar = strip(sw.toString());
        assertThat(soFar.lines().filter(l -> l.startsWith("word"))).hasSizeBetween(1, 2); // the open row waits
        p.print(new TextDelta("a", words.substring(120) + "\n\nNext paragraph.\n"));
        p.endLine();
        assertThat(screen(sw.toString()))
                .isEqualTo(printed(
                        true,
                        40,
                        List.of(words.substring(0, 120) + "\n" + words.substring(120) + "\n\nNext paragraph.\n")));
        // a setext underline turns printed rows into a heading: they are redrawn, never left stale
        StringWriter sw2 = new StringWriter();
        ChatPrinter q = new ChatPrinter(new PrintWriter(sw2), true, 40);
        String title = "title ".repeat(16); // three rows at 40 columns: two printed before the underline
        for (String d : List.of(title + "\n", "===\n", "\nbody\n")) q.print(new TextDelta("a", d));
        q.endLine();
        assertThat(sw2.toString()).contains("\u001b[2F\u001b[J");
        assertThat(screen(sw2.toString())).isEqualTo(printed(true, 40, List.of(title + "\n===\n\nbody\n")));
    }

    @Test
    void withoutColourTheAnswerStreamsRaw() {
        assertThat(printed(false, List.of("# Title\n", "**x**"))).isEqualTo("# Title\n**x**\n");
    }

    @Test
    void anEditIsFollowedByItsColouredDiff() {
        StringWriter sw = new StringWriter();
        ChatPrinter p = new ChatPrinter(new PrintWriter(sw), true, 80);
        Entry.Tool t = RenderGoldenTest.edit();
        p.print(new ToolCallStarted("a", "c1", "edit_file", t.argumentsJson));
        p.print(new ToolCallFinished("a", "c1", "edit_file", t.result, false, null));
        String out = sw.toString();
        assertThat(strip(out))
                .contains("result: edit_file ok")
                .contains("diff: +3 -2")
                .contains("12 -     int port = 80;")
                .contains("14 +     boolean tls = true;");
        assertThat(out)
                .contains("\u001b[31m-     int port = 80;\u001b[0m")
                .contains("\u001b[32m+     int port = 8080;\u001b[0m");
    }

    @Test
    void aLongDiffFoldsInLineMode() {
        StringWriter sw = new StringWriter();
        ChatPrinter p = new ChatPrinter(new PrintWriter(sw), false, 80);
        Entry.Tool t = RenderGoldenTest.longWrite();
        p.print(new ToolCallStarted("a", "c2", "write_file", t.argumentsJson));
        p.print(new ToolCallFinished("a", "c2", "write_file", t.result, false, null));
        assertThat(sw.toString())
                .contains("39 + line 39")
                .doesNotContain("40 + line 40")
                .contains("… 21 more diff lines");
    }

    @Test
    void theWritePromptShowsTheDiffItApproves() throws Exception {
        Path file = Files.writeString(tmp.resolve("App.java"), "class App {\n    int port = 80;\n}\n");
        FakeEngine e = new FakeEngine();
        String args = Json.mapper()
                .createObjectNode()
                .put("path", "App.java")
                .put("old_string", "int port = 80;")
                .put("new_string", "int port = 8080;")
                .toString();
        e.on(StartAgent.class, s -> {
            e.push(new AgentStarted("agt_1", null, "main", "ses_1", "m", "p", Instant.EPOCH));
            e.push(new ToolCallStarted("agt_1", "c1", "edit_file", args));
            e.push(new PermissionRequested(
                    "perm_1", "agt_1", "edit_file", "write", List.of(file.toString()), null, "editing", Instant.EPOCH));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(ReplyPermission.class, r -> {
            e.push(new ToolCallFinished("agt_1", "c1", "edit_file", "denied", true, null));
            e.push(new TurnEnded("agt_1", 1, "end_turn"), new AgentFinished("agt_1", AgentStatus.DONE, "", null));
            return Ack.ok("ok");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder()
                .system(false)
                .streams(new ByteArrayInputStream("edit it\nd\n/quit\n".getBytes(StandardCharsets.UTF_8)), out)
                .type("xterm-256color")
                .size(new org.jline.terminal.Size(100, 30))
                .encoding(StandardCharsets.UTF_8)
                .build()) {
            assertThat(LineChat.colour(t)).isTrue();
            new LineChat(e, t, new LineChat.Options(tmp.toString(), tmp.resolve("history"), null)).run();
        }
        String shown = strip(out.toString(StandardCharsets.UTF_8));
        assertThat(shown)
                .contains("Permission needed: agent main wants to use edit_file (write)")
                .contains("diff: +1 -1")
                .contains("1   class App {")
                .contains("2 -     int port = 80;")
                .contains("2 +     int port = 8080;");
        assertThat(shown.indexOf("diff: +1 -1")).isLessThan(shown.indexOf("[o]nce [s]ession"));
    }

    @Test
    void aReplacedFileIsDiffedAgainstWhatItsPromptRead() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "alpha\nbeta\ngamma\n");
        FakeEngine e = new FakeEngine();
        String args = Json.mapper()
                .createObjectNode()
                .put("path", file.toString())
                .put("content", "alpha\nBETA\ngamma\n")
                .toString();
        e.on(StartAgent.class, s -> {
            e.push(new AgentStarted("agt_1", null, "main", "ses_1", "m", "p", Instant.EPOCH));
            e.push(new ToolCallStarted("agt_1", "c1", "write_file", args));
            e.push(new PermissionRequested(
                    "perm_1",
                    "agt_1",
                    "write_file",
                    "write",
                    List.of(file.toString()),
                    null,
                    "outside",
                    Instant.EPOCH));
            return new StartAgentResult("agt_1", "ses_1", "m", "p");
        });
        e.on(ReplyPermission.class, r -> {
            try {
                Files.writeString(file, "alpha\nBETA\ngamma\n");
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
            e.push(new ToolCallFinished("agt_1", "c1", "write_file", "replaced notes.txt (17 bytes)", false, null));
            e.push(new TurnEnded("agt_1", 1, "end_turn"), new AgentFinished("agt_1", AgentStatus.DONE, "", null));
            return Ack.ok("ok");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder()
                .system(false)
                .streams(new ByteArrayInputStream("write it\no\n/quit\n".getBytes(StandardCharsets.UTF_8)), out)
                .type("xterm-256color")
                .size(new org.jline.terminal.Size(100, 30))
                .encoding(StandardCharsets.UTF_8)
                .build()) {
            new LineChat(e, t, new LineChat.Options(tmp.toString(), tmp.resolve("history"), null)).run();
        }
        String shown = strip(out.toString(StandardCharsets.UTF_8));
        String after = shown.substring(shown.indexOf("result: write_file ok"));
        assertThat(after)
                .contains("diff: +1 -1")
                .contains("2 - beta")
                .contains("2 + BETA")
                .doesNotContain("not seen here");
    }
}
