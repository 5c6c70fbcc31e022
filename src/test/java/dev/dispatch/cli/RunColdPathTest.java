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
        Path home = Files.createTempDirectory(Path.of("/tmp"), "rc-"); // short: Unix socket paths are limited
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.replyToolCalls(call("c1", "write_file", "{\"path\":\"hello.txt\",\"content\":\"hi\\n\"}"))
                    .replyText("Wrote it.");
            Files.createDirectories(home.resolve("config"));
            Path config = home.resolve("config/config.yaml");
            Files.writeString(
                    config,
                    """
                    providers: { scripted: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: t, provider: scripted, secret: "%s" } ]
                    models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                    default_model: fast
                    """
                            .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
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
                    .as("the session served its socket (Jetty loaded)")
                    .contains("org.eclipse.jetty.server.Server ");
            assertThat(loaded)
                    .doesNotContain(" javax.management.")
                    .doesNotContain(" java.lang.management.")
                    .doesNotContain(" sun.security.ssl.");
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
