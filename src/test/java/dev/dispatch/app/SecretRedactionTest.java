package dev.dispatch.app;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.RecordedRequest;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "secrets never reach the model": a configured key (held in a variable with a
 * non-standard name) and the operator token are printed by project files the agent reads, greps and
 * cats. Through the real agent loop and the scripted model server, neither value appears in any
 * request to the model, in any event, or anywhere in the store's files, while the text around them
 * does (so the checks can see what they look for).
 */
class SecretRedactionTest {
    static final String CANARY = ScriptedModelServer.CANARY_KEY;
    static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void aKeyOrTokenPrintedByAFileNeverReachesTheModelTheEventsOrTheStore() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            fx.env.put("MY_LLM_KEY", CANARY);
            fx.userConfig(
                    """
                    providers:
                      scripted: { type: anthropic, base_url: "%s" }
                    keys:
                      - { id: only, provider: scripted, env: MY_LLM_KEY }
                    models:
                      - { id: cheap, provider: scripted, name: claude-cheap }
                    default_model: cheap
                    """
                            .formatted(server.baseUrl()));
            EngineFixture.write(Dirs.resolve(fx.env).operatorToken(), TOKEN + "\n");
            EngineFixture.write(
                    fx.project.resolve("notes.txt"),
                    "marker-before " + CANARY + " marker-after\ntoken=" + TOKEN + " marker-token\n");
            // a chunked stream must not split the key past the redaction: print it in pieces
            EngineFixture.write(
                    fx.project.resolve("split.sh"),
                    "printf 'split-start %s' '" + CANARY.substring(0, 9) + "'; sleep 0.2; printf '%s split-end\\n' '"
                            + CANARY.substring(9) + "'\n");
            fx.open();
            server.reply(ScriptedReply.toolCalls(call("c1", "read_file", "{\"path\":\"notes.txt\"}")))
                    .reply(ScriptedReply.toolCalls(call("c2", "grep", "{\"pattern\":\"sk-canary|token=\"}")))
                    .reply(ScriptedReply.toolCalls(
                            call("c3", "run_shell", "{\"command\":\"cat notes.txt; sh split.sh\"}")))
                    .replyText("done");

            var started = fx.start("look at the notes");
            assertThat(fx.awaitFinished(started.agentId()).status()).isEqualTo(AgentStatus.DONE);

            List<RecordedRequest> requests = server.requests();
            assertThat(requests).hasSize(4);
            for (RecordedRequest r : requests.subList(1, 4)) {
                assertThat(r.body())
                        .doesNotContain(CANARY)
                        .doesNotContain(TOKEN)
                        .contains("[redacted]");
            }
            assertThat(requests.get(1).body()).contains("marker-before [redacted] marker-after");
            assertThat(requests.get(2).body()).contains("notes.txt:1: marker-before [redacted]");
            assertThat(requests.get(3).body())
                    .contains("token=[redacted] marker-token")
                    .contains("split-start [redacted] split-end");

            String events = fx.events.toString();
            assertThat(events).doesNotContain(CANARY).doesNotContain(TOKEN).contains("marker-after");
            assertThat(fx.of(RuntimeEvents.ToolOutput.class)).isNotEmpty();
            String streamed = String.join(
                    "",
                    fx.of(RuntimeEvents.ToolOutput.class).stream()
                            .map(RuntimeEvents.ToolOutput::chunk)
                            .toList());
            assertThat(streamed).contains("split-start [redacted] split-end").doesNotContain(CANARY.substring(9));

            fx.close();
            String stored = storeBytes(Dirs.resolve(fx.env).data());
            assertThat(stored)
                    .as("the positive control: tool results are in the store")
                    .contains("marker-after");
            assertThat(stored).doesNotContain(CANARY).doesNotContain(TOKEN);
        }
    }

    /** Every file under the data dir (the H2 store and anything beside it), as Latin-1 so bytes match 1:1. */
    private static String storeBytes(Path data) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
