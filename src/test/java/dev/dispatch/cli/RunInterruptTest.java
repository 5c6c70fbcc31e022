package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real {@code dispatch run} process: the agent is cancelled, the end is printed, exit 130. */
@Tag("slow")
class RunInterruptTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    @Test
    void sigintCancelsTheRunPrintsTheEndAndExits130() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.reply(ScriptedReply.text("y".repeat(2000)).chunkSize(1).delay(Duration.ofMillis(10)));
            Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
            Files.writeString(
                    config,
                    """
                    providers: { scripted: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: t, provider: scripted, env: SCRIPTED_KEY } ]
                    models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                    default_model: fast
                    """
                            .formatted(server.baseUrl()));
            String java = ProcessHandle.current().info().command().orElseThrow();
            ProcessBuilder pb = new ProcessBuilder(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.dispatch.Main",
                    "run",
                    "--output-format",
                    "stream-json",
                    "talk for a while");
            pb.directory(project.toFile());
            pb.environment().put("DISPATCH_HOME", home.toString());
            pb.environment().put("SCRIPTED_KEY", ScriptedModelServer.CANARY_KEY);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            List<JsonNode> lines = new ArrayList<>();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean sent = false;
                while ((line = r.readLine()) != null) {
                    JsonNode n = Json.mapper().readTree(line);
                    lines.add(n);
                    if (!sent && n.path("type").asText().equals("text_delta")) {
                        new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
                                .start()
                                .waitFor();
                        sent = true;
                    }
                }
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            JsonNode end = lines.get(lines.size() - 1);
            assertThat(end.path("type").asText()).isEqualTo("end");
            assertThat(end.path("status").asText()).isEqualTo("cancelled");
            // the cancel is recorded: a new run can continue the cancelled session
            assertThat(end.path("session_id").asText()).startsWith("ses_");
        }
    }
}
