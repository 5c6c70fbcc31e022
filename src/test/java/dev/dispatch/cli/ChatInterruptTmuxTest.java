package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ctrl+C in {@code dispatch chat} (line mode) on a real terminal, hosted in-process and attached to a
 * daemon: while the model streams, the first ctrl+C interrupts the turn (the server sees the stream
 * closed) and chat stays; the next message continues the conversation; at the prompt, two ctrl+C
 * within a second leave with status 0.
 */
@Tag("slow")
class ChatInterruptTmuxTest {
    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = ScriptedHome.create("ci-");
        project = Files.createDirectories(home.resolve("project"));
        model = ScriptedModelServer.start();
        ScriptedHome.configure(home, model);
        model.forConversation("CHATTY")
                .reply(ScriptedReply.text("z".repeat(600)).chunkSize(1).delay(Duration.ofMillis(50)))
                .replyText("still here after the interrupt");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        ScriptedHome.delete(home);
    }

    @Test
    void ctrlCInterruptsTheTurnAndTwiceLeaves() throws Exception {
        chat();
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        chat();
    }

    private void chat() throws Exception {
        // NO_COLOR: the answer streams as raw text (in colour, chat prints markdown a finished block at a
        // time, and this answer is one 30 s paragraph), so the test can see the stream it interrupts
        try (TmuxPane tui = TmuxPane.start(home, project, 120, 40, Map.of("NO_COLOR", "1"), "chat")) {
            tui.waitFor("the prompt", s -> s.contains("you>"));
            tui.type("CHATTY talk a lot");
            tui.waitFor("the stream", s -> s.contains("zzzzzzzzzz"));
            tui.key("C-c");
            assertThat(model.awaitDisconnect(Duration.ofSeconds(20)))
                    .as("the stream was closed")
                    .isTrue();
            tui.waitFor("the interruption", s -> s.contains("interrupting") && s.contains("agent cancelled"));
            Thread.sleep(1200);
            tui.type("and now?");
            tui.waitFor("the next answer", s -> s.contains("still here after the interrupt"));
            assertThat(model.lastRequest().body()).contains("CHATTY talk a lot").contains("and now?");
            Thread.sleep(300);
            tui.key("C-c");
            tui.waitFor("the hint", s -> s.contains("ctrl+c again within 1 s to leave;"));
            tui.key("C-c");
            assertThat(tui.awaitExit()).isZero();
        }
    }
}
