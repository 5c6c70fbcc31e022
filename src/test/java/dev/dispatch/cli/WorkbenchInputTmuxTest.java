package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The workbench's input keys on a real terminal (tmux), with the real engine and the scripted model:
 * with tmux's extended-keys on: ctrl+J, alt+Enter, shift+Enter (the key, as tmux passes it on, and
 * kitty's CSI 13;2u) make new lines and Enter sends all of them; a
 * 240-line bracketed paste shows as "[pasted 240 lines]" and reaches the model whole; typing {@code /}
 * opens the command popup and Tab takes a command; {@code /model} refuses a model the config lacks;
 * {@code @Hel} offers src/Hello.java (never a .gitignored file), Tab takes it and the file's text goes
 * with the prompt; a binary mention is refused with the reason and nothing is sent; {@code @main}
 * addresses the agent; ↑ recalls, ctrl+R searches, and the history survives a restart.
 */
@Tag("slow")
class WorkbenchInputTmuxTest {
    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = ScriptedHome.create("wn-");
        project = Files.createDirectories(home.resolve("project"));
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/Hello.java"), "class Hello { /* HELLO-BODY */ }\n");
        Files.write(project.resolve("logo.bin"), new byte[] {0x50, 0x4e, 0x47, 0, 1, 2, 0, 3});
        Files.writeString(project.resolve(".gitignore"), "secret-notes.txt\n");
        Files.writeString(project.resolve("secret-notes.txt"), "do not offer me\n");
        model = ScriptedModelServer.start();
        ScriptedHome.configure(home, model);
        model.forConversation("ALPHA")
                .replyText("reply one")
                .replyText("reply two")
                .replyText("reply three")
                .replyText("reply four");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        ScriptedHome.delete(home);
    }

    @Test
    void newLinesPastePopupMentionsHistoryAndSearch() throws Exception {
        // extended-keys on, as docs/tui.md tells users: tmux then passes shift+Enter on (alt+Enter, ctrl+J too)
        try (TmuxPane tui = TmuxPane.startWithExtendedKeys(home, project, 120, 40)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains("in-process"));
            // 1) three ways to a new line; Enter sends the four lines
            literal(tui, "ALPHA one");
            tui.key("C-j");
            literal(tui, "two");
            tui.key("M-Enter");
            literal(tui, "three");
            tui.key("S-Enter"); // the key itself: tmux encodes it (modifyOtherKeys) as the workbench asked
            literal(tui, "four");
            tui.bytes("1b", "5b", "31", "33", "3b", "32", "75"); // shift+Enter as kitty reports it (CSI u)
            literal(tui, "five");
            tui.waitFor("five lines in the box", s -> s.contains("  five") && s.contains("  four"));
            tui.key("Enter");
            tui.waitFor("the first reply", s -> s.contains("reply one"));
            assertThat(model.lastRequest().body()).contains("ALPHA one\\ntwo\\nthree\\nfour\\nfive");

            // 2) a 240-line paste is one placeholder, expanded on send
            String pasted = IntStream.rangeClosed(1, 240)
                    .mapToObj(i -> "paste line " + i)
                    .collect(Collectors.joining("\n"));
            tui.paste(pasted);
            tui.waitFor("the placeholder", s -> s.contains("[pasted 240 lines]"));
            assertThat(tui.screen()).doesNotContain("paste line 2");
            tui.type(" summarise");
            tui.waitFor("the second reply", s -> s.contains("reply two"));
            assertThat(model.lastRequest().body())
                    .contains("paste line 1\\npaste line 2\\n")
                    .contains("paste line 240 summarise");

            // 3) the command popup; Tab takes /model; an unknown model changes nothing
            literal(tui, "/");
            tui.waitFor(
                    "the command popup",
                    s -> s.contains("/resume")
                            && s.contains("/compact")
                            && s.contains("/diff")
                            && s.contains("commands (20)"));
            literal(tui, "mo");
            tui.key("Tab");
            tui.type("nope");
            tui.waitFor("the refusal", s -> s.contains("No model 'nope' in the config; models: fast."));

            // 4) @ completes project files (not ignored ones) and attaches the file
            literal(tui, "@secret");
            Thread.sleep(1500);
            assertThat(tui.screen()).doesNotContain("secret-notes.txt");
            tui.key("C-c"); // nothing runs: clears the box
            tui.waitFor("the cleared box", s -> s.contains("input cleared"));
            Thread.sleep(1100);
            literal(tui, "explain @Hel");
            tui.waitFor("the file offered", s -> s.contains("src/Hello.java"));
            tui.key("Tab");
            tui.waitFor("the mention taken", s -> s.contains("explain @src/Hello.java"));
            tui.type("please");
            tui.waitFor("the third reply", s -> s.contains("reply three"));
            assertThat(model.lastRequest().body())
                    .contains("explain @src/Hello.java please")
                    .contains("<file path=\\\"src/Hello.java\\\">\\nclass Hello { /* HELLO-BODY */ }");
            int requests = model.requests().size();
            tui.type("look at @logo.bin");
            tui.waitFor("the binary refusal", s -> s.contains("@logo.bin is a binary file"));
            assertThat(model.requests()).hasSize(requests);
            tui.key("C-c");
            Thread.sleep(1100);

            // 5) @main addresses the agent by name
            tui.type("@main hello main");
            tui.waitFor("the fourth reply", s -> s.contains("reply four"));
            assertThat(model.lastRequest().body()).contains("hello main").doesNotContain("@main hello");

            // 6) ↑ recalls; ctrl+R finds an older prompt
            tui.key("Up");
            tui.waitFor("the last prompt recalled", s -> s.contains("› @main hello main"));
            tui.key("C-c");
            Thread.sleep(1100);
            tui.key("C-r");
            literal(tui, "ALPHA o");
            tui.waitFor("the search match", s -> s.contains("(history search) ALPHA o: ALPHA one⏎two"));
            tui.key("Enter");
            tui.waitFor("the match in the box", s -> s.contains("› ALPHA one") && s.contains("  four"));
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
        // 7) the history is the project's, kept across runs
        try (TmuxPane tui = TmuxPane.start(home, project, 120, 40)) {
            tui.waitFor("the workbench again", s -> s.contains("Dispatch") && s.contains("in-process"));
            tui.key("Up");
            tui.waitFor("the history of the last run", s -> s.contains("› @main hello main"));
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
    }

    static void literal(TmuxPane tui, String text) throws Exception {
        tui.bytes(text.chars().mapToObj(c -> String.format("%02x", c)).toArray(String[]::new));
    }
}
