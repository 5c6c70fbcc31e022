package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch run} as a real process on a real terminal (tmux) attached to a daemon, 50 times in a
 * row, each run with a tool call that needs a permission. A cold client's event stream connects slower
 * than its first op: a client that submitted {@code StartAgent} before its stream was registered lost
 * the agent's early events, its prompt and its end, and hung (7 of 8 quick runs once with the installed
 * launcher). Each run must show its prompt on the terminal, take the answer (inline once, inline deny,
 * or {@code permission reply} from a second process), and end with exit 0 and its whole transcript in
 * the stream-json file its stdout goes to.
 */
@Tag("slow")
class RunAttachTest {
    private static final String PROMPT = "[o]nce [s]ession [a]lways [d]eny?";
    private static final Pattern REQUEST = Pattern.compile("request (perm_[A-Za-z0-9_]+)");

    @TempDir
    Path project;

    @Test
    void fiftyRunsAgainstADaemonEachAnswerTheirPromptAndEndWithTheirWholeTranscript() throws Exception {
        Path home = ScriptedHome.create("ra-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Path note = Files.createDirectories(home.resolve("outside")).resolve("note.txt");
            Files.writeString(note, "forty-two\n");
            ScriptedHome.configure(home, server);
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            // the launcher's options: ops over the native socket overtake the JDK channel the event stream
            // opens (~15 ms of security set-up), which is what made the race bite on installed launchers
            List<String> jvm = dev.dispatch.client.NativeBuild.launcherOptions();
            try {
                for (int i = 0; i < 50; i++) {
                    String answer = i % 5 == 1 ? "deny" : i % 5 == 3 ? "reply" : "once";
                    server.replyToolCalls(call("c" + i, "read_file", "{\"path\":\"" + note + "\"}"))
                            .replyText("Run " + i + " done.");
                    Path out = home.resolve("run-" + i + ".jsonl");
                    try (TmuxPane run = TmuxPane.start(
                            home,
                            project,
                            160,
                            40,
                            jvm,
                            List.of("run", "--output-format", "stream-json", "read the note"),
                            "> " + out)) {
                        String pane = run.waitFor("run " + i + "'s permission prompt", s -> s.contains(PROMPT));
                        switch (answer) {
                            case "once" -> run.type("o");
                            case "deny" -> run.type("d");
                            default -> replyFromAnotherShell(home, pane, jvm);
                        }
                        assertThat(run.awaitExit())
                                .as("run %d (%s): exit status; pane:%n%s", i, answer, run.text())
                                .isZero();
                    }
                    String transcript = Files.readString(out);
                    assertThat(transcript)
                            .as("run %d (%s)", i, answer)
                            .contains("\"type\":\"turn_started\"")
                            .contains("\"type\":\"tool_result\"")
                            .contains("Run " + i + " done.");
                    if (answer.equals("deny"))
                        assertThat(transcript)
                                .as("run %d", i)
                                .contains("denied")
                                .doesNotContain("forty-two");
                    else assertThat(transcript).as("run %d", i).contains("forty-two");
                }
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    /** Answers the prompt the pane shows with {@code dispatch permission reply ID once}, a second process. */
    private static void replyFromAnotherShell(Path home, String pane, List<String> jvm) throws Exception {
        Matcher id = REQUEST.matcher(pane.substring(pane.lastIndexOf("permission needed")));
        assertThat(id.find()).as("the prompt names its request id:%n%s", pane).isTrue();
        DispatchProcess.Run reply = DispatchProcess.run(
                home, home, Map.of(), jvm, Duration.ofSeconds(60), "permission", "reply", id.group(1), "once");
        assertThat(reply.exit()).as(reply.err()).isZero();
    }
}
