package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code dispatch chat}'s input and slash commands on a real terminal (tmux), hosted in-process and
 * attached to a daemon: a 240-line bracketed paste shows as "[pasted 240 lines]" and reaches the model
 * whole; /help lists the workbench's table of chat commands; /model refuses a model the config lacks;
 * after the agent rewrote a file, /diff shows the change, /cost what it spent, /undo puts the file back;
 * /compact and a workbench-only command answer in words.
 */
@Tag("slow")
class ChatInputTmuxTest {
    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = ScriptedHome.create("cin-");
        project = Files.createDirectories(home.resolve("project"));
        Files.writeString(project.resolve("notes.txt"), "old notes\n");
        model = ScriptedModelServer.start();
        ScriptedHome.configure(home, model);
        model.forConversation("PASTER").replyText("got the paste");
        model.forConversation("WRITER")
                .replyToolCalls(
                        WorkbenchInterruptTmuxTest.call("write_file", "path", "notes.txt", "content", "new notes\n"))
                .replyText("notes rewritten");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        ScriptedHome.delete(home);
    }

    @Test
    void pasteAndSlashCommandsInProcess() throws Exception {
        chat();
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        chat();
    }

    private void chat() throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 120, 40, Map.of("NO_COLOR", "1"), "chat")) {
            tui.waitFor("the prompt", s -> s.contains("you>"));
            tui.type("/help");
            tui.waitFor("the help", s -> s.contains("/unqueue [all]") && s.contains("/undo [force]"));
            tui.type("/model nope");
            tui.waitFor("the refusal", s -> s.contains("nope") && s.contains("dispatch:"));

            // a paste is one placeholder, expanded when sent
            String pasted = IntStream.rangeClosed(1, 240)
                    .mapToObj(i -> "paste line " + i)
                    .collect(Collectors.joining("\n"));
            // JLine turns bracketed paste on while it reads a line: paste at the prompt, not before it
            tui.waitFor("the prompt again", s -> s.strip().endsWith("you>"));
            WorkbenchInputTmuxTest.literal(tui, "PASTER ");
            tui.paste(pasted);
            tui.waitFor("the placeholder", s -> s.contains("[pasted 240 lines]"));
            assertThat(tui.screen()).doesNotContain("paste line 2\n");
            tui.key("Enter");
            tui.waitFor("the answer", s -> s.contains("got the paste"));
            assertThat(model.lastRequest().body())
                    .contains("PASTER paste line 1\\npaste line 2\\n")
                    .contains("paste line 240");

            tui.type("/new");
            tui.type("WRITER rewrite the notes");
            tui.waitFor("the write", s -> s.contains("notes rewritten"));
            assertThat(Files.readString(project.resolve("notes.txt"))).isEqualTo("new notes\n");
            tui.type("/diff");
            tui.waitFor("the session's diff", s -> s.contains("-old notes") && s.contains("+new notes"));
            tui.type("/cost");
            tui.waitFor("the cost", s -> s.contains("fast"));
            tui.type("/undo");
            tui.waitFor("the undo", s -> s.toLowerCase(java.util.Locale.ROOT).contains("restored"));
            assertThat(Files.readString(project.resolve("notes.txt"))).isEqualTo("old notes\n");
            tui.type("/compact");
            tui.waitFor("the compaction's answer", s -> s.contains("Compact") || s.contains("compact"));
            tui.type("/fork");
            tui.waitFor("a workbench-only command", s -> s.contains("/fork is a workbench command"));
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
    }
}
