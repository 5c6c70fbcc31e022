package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.UserMessageDelivered;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole workbench screens (Lanterna's virtual terminal) at 80 and 120 columns with a markdown reply,
 * an edit's diff (folded, then expanded with Enter on the call) and a permission prompt that shows
 * the diff it approves. Goldens: {@code golden/screen-*.txt}.
 */
class WorkbenchRenderGoldenTest {
    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    static final String REPLY =
            """
            ## Plan

            1. Read `App.java`
            2. Change the **port**:

            ```java
            int port = 8080; // was 80
            ```

            | key | value |
            |-----|-------|
            | port | 8080 |
            """;

    @Test
    void markdownReplyAt80And120() {
        for (int w : new int[] {80, 120}) {
            FakeEngine e = WorkbenchGoldenTest.configured();
            var v = new VirtualWorkbench(e, w, 34);
            WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
            e.push(new UserMessageDelivered("agt_1", "Change the port"));
            for (String d : REPLY.split("(?<=\\s)")) e.push(new TextDelta("agt_1", d));
            String screen = v.pump().text();
            assertThat(screen)
                    .contains("▌ Plan")
                    .contains("│ int port = 8080; // was 80")
                    .doesNotContain("```");
            Goldens.assertScreen("screen-markdown-" + w, screen);
        }
    }

    @Test
    void editDiffFoldedThenExpandedAt80And120() {
        for (int w : new int[] {80, 120}) {
            FakeEngine e = WorkbenchGoldenTest.configured();
            var v = new VirtualWorkbench(e, w, 34);
            WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
            Entry.Tool long_ = RenderGoldenTest.longWrite();
            e.push(new ToolCallStarted("agt_1", "c2", "write_file", long_.argumentsJson));
            e.push(new ToolCallFinished("agt_1", "c2", "write_file", long_.result, false, null));
            String folded = v.pump().text();
            assertThat(folded).contains("… 45 more diff lines (Enter expands, ctrl+o all)");
            v.key(KeyType.Tab).key(KeyType.ArrowUp).key(KeyType.Enter);
            String expanded = v.text();
            assertThat(expanded).contains("60 + line 60").doesNotContain("more diff lines");
            Goldens.assertScreen("screen-diff-" + w, folded + "--- Enter on the call ---\n" + expanded);
        }
    }

    @Test
    void aReplacedFileIsDiffedAgainstWhatItsPromptRead() throws Exception {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "alpha\nbeta\ngamma\n");
        String args = Json.mapper()
                .createObjectNode()
                .put("path", file.toString())
                .put("content", "alpha\nBETA\ngamma\n")
                .toString();
        FakeEngine e = WorkbenchGoldenTest.configured();
        var v = new VirtualWorkbench(e, 100, 34);
        WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
        e.push(new ToolCallStarted("agt_1", "c1", "write_file", args));
        e.push(new PermissionRequested(
                "perm_1",
                "agt_1",
                "write_file",
                "write",
                List.of(file.toString()),
                null,
                "outside the project root",
                WorkbenchGoldenTest.AT));
        assertThat(v.pump().text())
                .contains("Change:    +1 -1")
                .contains("2 - beta")
                .contains("2 + BETA");
        v.type("o");
        Files.writeString(file, "alpha\nBETA\ngamma\n"); // what the tool does once allowed
        e.push(new dev.dispatch.protocol.RuntimeEvents.PermissionResolved(
                "perm_1", "agt_1", dev.dispatch.protocol.PermissionAnswer.ONCE, null));
        e.push(new ToolCallFinished("agt_1", "c1", "write_file", "replaced " + file + " (17 bytes)", false, null));
        String chat = v.pump().text();
        assertThat(chat)
                .contains("+1 -1")
                .contains("2 - beta")
                .contains("2 + BETA")
                .doesNotContain("not seen here");
    }

    @Test
    void permissionPromptShowsTheDiffItApproves() throws Exception {
        // a fixed path: it is part of the screen
        Path dir = Files.createDirectories(Path.of("/tmp/dispatch-render-golden"));
        Path file = dir.resolve("App.java");
        Files.writeString(file, "class App {\n    int port = 80;\n    String host = \"a\";\n}\n");
        String args = Json.mapper()
                .createObjectNode()
                .put("path", "App.java")
                .put("old_string", "int port = 80;")
                .put("new_string", "int port = 8080;\n    boolean tls = true;")
                .toString();
        for (int w : new int[] {80, 120}) {
            FakeEngine e = WorkbenchGoldenTest.configured();
            var v = new VirtualWorkbench(e, w, 34);
            WorkbenchGoldenTest.agent(e, "agt_1", null, "main");
            e.push(new ToolCallStarted("agt_1", "c1", "edit_file", args));
            e.push(new PermissionRequested(
                    "perm_1",
                    "agt_1",
                    "edit_file",
                    "write",
                    List.of(file.toString()),
                    null,
                    "editing a project file",
                    WorkbenchGoldenTest.AT));
            String screen = v.pump().text();
            assertThat(screen)
                    .contains("Change:    +2 -1")
                    .contains("2 -     int port = 80;")
                    .contains("3 +     boolean tls = true;");
            Goldens.assertScreen("screen-permission-diff-" + w, screen);
        }
    }
}
