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
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch run} as a real process attached to a daemon, 50 times in a row. A cold client's
 * event stream connects slower than its first op: a client that submitted {@code StartAgent} before
 * its stream was registered lost the agent's early events and its end, and hung (7 of 8 quick runs
 * once with the installed launcher). Each run must end with exit 0 and the whole transcript.
 */
@Tag("slow")
class RunAttachTest {
    @TempDir
    Path project;

    @Test
    void fiftyRunsAgainstADaemonEachEndWithTheirWholeTranscript() throws Exception {
        Path home = ScriptedHome.create("ra-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            Files.writeString(project.resolve("a.txt"), "forty-two\n");
            ScriptedHome.configure(home, server);
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            // the launcher's options: ops over the native socket overtake the JDK channel the event stream
            // opens (~15 ms of security set-up), which is what made the race bite on installed launchers
            java.util.List<String> jvm = dev.dispatch.client.NativeBuild.launcherOptions();
            try {
                for (int i = 0; i < 50; i++) {
                    server.replyToolCalls(call("c" + i, "read_file", "{\"path\":\"a.txt\"}"))
                            .replyText("Run " + i + " done.");
                    DispatchProcess.Run r = DispatchProcess.run(
                            home,
                            project,
                            Map.of(),
                            jvm,
                            java.time.Duration.ofSeconds(60),
                            "run",
                            "--output-format",
                            "stream-json",
                            "read a.txt");
                    assertThat(r.exit()).as("run %d: %s", i, r.err()).isZero();
                    assertThat(r.out())
                            .as("run %d", i)
                            .contains("\"type\":\"turn_started\"")
                            .contains("\"type\":\"tool_result\"")
                            .contains("forty-two")
                            .contains("Run " + i + " done.");
                }
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }
}
