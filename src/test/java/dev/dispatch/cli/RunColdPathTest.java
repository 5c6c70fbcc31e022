package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cold {@code dispatch run} does not start (issue #19): against a plain {@code http://} endpoint,
 * with the session serving its socket, no JMX (Jetty asked the platform MBean server about compressed
 * oops) and no TLS (the JDK's HTTP client built the default SSL context and read the CA store). Each
 * cost a cold run tens of milliseconds and ~140 and ~200 classes. Read from the JVM's class-loading log.
 */
@Tag("slow")
class RunColdPathTest {
    @TempDir
    Path project;

    @Test
    void aPlainRunLoadsNoJmxAndNoTlsForAnHttpEndpoint() throws Exception {
        Path home = ScriptedHome.create("rc-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.replyToolCalls(call("c1", "write_file", "{\"path\":\"hello.txt\",\"content\":\"hi\\n\"}"))
                    .replyText("Wrote it.");
            ScriptedHome.configure(home, server);
            Path classes = home.resolve("classes.log");
            DispatchProcess.Run r = DispatchProcess.run(
                    home,
                    project,
                    Map.of(),
                    List.of("-Xlog:class+load=info:file=" + classes),
                    java.time.Duration.ofSeconds(60),
                    "run",
                    "--output-format",
                    "stream-json",
                    "create hello.txt");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(project.resolve("hello.txt")).hasContent("hi\n");
            String loaded = Files.readString(classes);
            assertThat(loaded)
                    .as(
                            "the session served its socket (bound by the JDK's channel, Jetty not until a first connection)")
                    .contains("dev.dispatch.daemon.DaemonServer ")
                    .doesNotContain("org.eclipse.jetty.server.Server ");
            assertThat(loaded)
                    .doesNotContain(" javax.management.")
                    .doesNotContain(" java.lang.management.")
                    .doesNotContain(" sun.security.ssl.");
        } finally {
            ScriptedHome.delete(home);
        }
    }
}
