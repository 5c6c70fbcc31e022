package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A summoned child's permission prompt in the full-screen workbench on a real terminal (tmux): it
 * reaches the user's queue named {@code main › reader} and is answered in the modal (a write, then a shell
 * command in the project root, both outside its {@code read:src} ceiling); the child's detail
 * pane (F3) then shows what it may do unasked (its ceiling, not the project root) and its loaded skills.
 * Once with the workbench hosting the engine, once attached to a daemon.
 */
@Tag("slow")
class ChildPromptTmuxTest {
    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = ScriptedHome.create("cpt-");
        project = Files.createDirectories(home.resolve("project"));
        Files.createDirectories(project.resolve("src"));
        Files.createDirectories(project.resolve(".skills/default"));
        Files.writeString(
                project.resolve(".skills/default/style.md"),
                "---\nname: style\ndescription: house style\n---\nPrefer small files.\n");
        model = ScriptedModelServer.start();
        ScriptedHome.configure(home, model);
        model.forConversation("ORCH")
                .replyToolCalls(call(
                        "c1",
                        "summon_agent",
                        "{\"task\":\"READER write the note\",\"name\":\"reader\",\"permissions\":[\"read:src\"]}"))
                .replyToolCalls(call("c2", "wait_agents", "{\"timeout\":120}"))
                .replyText("orch done");
        model.forConversation("READER")
                .replyToolCalls(call("c3", "write_file", "{\"path\":\"src/note.txt\",\"content\":\"noted\"}"))
                .replyToolCalls(call("c4", "run_shell", "{\"command\":\"sleep 6\",\"timeout_seconds\":30}"))
                .replyText("reader wrote it");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        ScriptedHome.delete(home);
    }

    @Test
    void aChildsPromptIsAnsweredInTheWorkbench() throws Exception {
        childAsks("in-process");
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        childAsks("daemon");
    }

    private void childAsks(String engineKind) throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 160, 45)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains(engineKind));
            tui.type("ORCH write through a child");
            String prompt = tui.waitFor("the child's prompt", s -> s.contains("[o] once"));
            assertThat(prompt).contains("main › reader").contains("note.txt");
            tui.key("o");
            // its shell command runs in the project root, outside its read:src ceiling: asked too, queued behind
            String second = tui.waitFor(
                    "the child's second prompt", s -> s.contains("Command:   sleep 6") && s.contains("[o] once"));
            assertThat(second).contains("main › reader");
            tui.key("o");
            tui.waitFor("the prompt answered", s -> !s.contains("[o] once"));
            tui.key("M-Down"); // select the reader in the tree
            tui.key("F3");
            String src = project.resolve("src").toRealPath().toString();
            String details = tui.waitFor(
                    "the reader's details", s -> s.contains("agent     reader") && s.contains("may       read "));
            assertThat(details).contains("may       read " + src).contains("skills    style");
            tui.key("M-Up"); // back to main, which gets the child's answer
            tui.waitFor("the parent's answer", s -> s.contains("orch done"));
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
        assertThat(Files.readString(project.resolve("src/note.txt"))).isEqualTo("noted");
    }
}
