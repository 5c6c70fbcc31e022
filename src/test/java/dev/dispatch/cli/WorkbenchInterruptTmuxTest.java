package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Esc and ctrl+C in the workbench, on a real terminal (tmux) with the real engine and the scripted
 * model server, hosted in-process and attached to a daemon. Esc while a shell command runs kills it
 * (no {@code sleep} process left in /proc); Esc while the model streams closes the stream (the server
 * sees the connection go); the transcript says "interrupted" and the next prompt continues the same
 * conversation (the model gets the earlier prompts). ctrl+C while the agent works interrupts and does
 * not quit; twice within a second with nothing running quits with status 0.
 */
@Tag("slow")
class WorkbenchInterruptTmuxTest {
    /** A sleep length no other process on the machine uses: how the test finds the shell's child in /proc. */
    static final String SLEEP = "4177";

    private Path home;
    private Path project;
    private ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = ScriptedHome.create("wi-");
        project = Files.createDirectories(home.resolve("project"));
        model = ScriptedModelServer.start();
        ScriptedHome.configure(home, model);
        model.forConversation("SLEEPER")
                .replyToolCalls(call("run_shell", "command", "sleep " + SLEEP))
                // 600 one-character events 50 ms apart: 30 s unless the interrupt closes the stream
                .reply(ScriptedReply.text("y".repeat(600)).chunkSize(1).delay(Duration.ofMillis(50)))
                .replyText("continued after two interrupts");
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
        ScriptedHome.delete(home);
    }

    @Test
    void escStopsTheShellAndTheStreamAndTheConversationGoesOn() throws Exception {
        interrupts("in-process");
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start");
        assertThat(started.exit()).as(started.err()).isZero();
        interrupts("daemon");
    }

    private void interrupts(String engineKind) throws Exception {
        try (TmuxPane tui = TmuxPane.start(home, project, 120, 40)) {
            tui.waitFor("the workbench", s -> s.contains("Dispatch") && s.contains(engineKind));
            tui.type("SLEEPER start a long command");
            // 1) the shell command runs (after a permission prompt, depending on the mode)
            Instant deadline = Instant.now().plus(TmuxPane.PATIENCE);
            while (sleepers().isEmpty() && Instant.now().isBefore(deadline)) {
                if (tui.screen().contains("[o] once")) tui.key("o");
                Thread.sleep(200);
            }
            List<Long> running = sleepers();
            assertThat(running)
                    .as("the shell's sleep in /proc; pane:%n%s", tui.text())
                    .isNotEmpty();
            // 2) ctrl+C once while it works: interrupts, does not quit
            tui.key("C-c");
            tui.waitFor("the interrupted turn", s -> s.contains("⊘ interrupted"));
            awaitGone(running);
            assertThat(sleepers()).isEmpty();

            // 3) Esc while the model streams: the stream closes
            Thread.sleep(1200); // past the double-press window
            tui.type("now talk for a long time");
            tui.waitFor("the stream", s -> s.contains("yyyyyyyyyy"));
            tui.key("Escape");
            assertThat(model.awaitDisconnect(Duration.ofSeconds(20)))
                    .as("the model server saw the stream closed")
                    .isTrue();
            tui.waitFor("the second interruption", s -> count(s, "⊘ interrupted") >= 2);
            assertThat(tui.text()).doesNotContain("y".repeat(590));

            // 4) the next prompt continues the same conversation
            tui.type("and now?");
            String done = tui.waitFor(
                    "the third answer, its turn over",
                    s -> s.contains("continued after two interrupts") && s.contains("✓ agent finished"));
            assertThat(done).contains("fast ctx"); // the status bar's model and context meter
            String last = model.lastRequest().body();
            assertThat(last)
                    .contains("SLEEPER start a long command")
                    .contains("now talk for a long time")
                    .contains("and now?");

            // 5) two ctrl+C within a second with nothing running quit
            tui.key("C-c");
            tui.key("C-c");
            assertThat(tui.awaitExit()).isZero();
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    /** Pids of processes running {@code sleep SLEEP}, read from /proc. */
    static List<Long> sleepers() throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.equals("sleep\0" + SLEEP + "\0") && !zombie(p)) out.add(Long.parseLong(name));
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        }
        return out;
    }

    private static boolean zombie(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }

    private static void awaitGone(List<Long> pids) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (pids.stream().noneMatch(p -> Files.exists(Path.of("/proc", "" + p, "cmdline")) && !zombieQuietly(p)))
                return;
            Thread.sleep(100);
        }
    }

    private static boolean zombieQuietly(long pid) {
        try {
            return zombie(Path.of("/proc", "" + pid));
        } catch (IOException gone) {
            return true;
        }
    }

    static ScriptedReply.ToolCall call(String name, Object... kv) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2)
            o.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        return ScriptedModelServer.call("c_" + name + o.hashCode(), name, o.toString());
    }
}
