package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dispatch run} end to end: CLI → engine → agent loop → scripted model → store → output. */
class RunCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    ScriptedModelServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = ScriptedModelServer.start();
        Path config = home.resolve("config/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(
                config,
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s" }
                keys:
                  - { id: test, provider: scripted, env: SCRIPTED_KEY }
                models:
                  - { id: fast, provider: scripted, name: claude-scripted, price: { input: 3, output: 15 } }
                default_model: fast
                """
                        .formatted(server.baseUrl()));
    }

    @AfterEach
    void tearDown() {
        server.close();
        RunCommand.stdin = System.in;
    }

    CliHarness.Result run(String... args) {
        var env = new Environment.Snapshot(
                Map.of(
                        "DISPATCH_HOME",
                        home.toString(),
                        "SCRIPTED_KEY",
                        ScriptedModelServer.CANARY_KEY,
                        "HOME",
                        home.toString()),
                project);
        return Environment.with(env, () -> CliHarness.run(args));
    }

    @Test
    void textPrintsTheAnswerOnStdoutAndProgressOnStderr() throws Exception {
        Files.writeString(project.resolve("a.txt"), "forty-two\n");
        server.replyToolCalls(call("c1", "read_file", "{\"path\":\"a.txt\"}"))
                .reply(dev.dispatch.provider.ScriptedReply.text("The file says forty-two.")
                        .usage(1000, 100, 0, 0));
        var r = run("run", "what does a.txt say?");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("The file says forty-two.\n");
        assertThat(r.err())
                .contains("› read_file")
                .contains("2 turns")
                .contains("1 tool call")
                .contains("session ses_");
        assertThat(server.requests().get(0).header("x-api-key")).isEqualTo(ScriptedModelServer.CANARY_KEY);
        assertThat(r.out() + r.err()).doesNotContain(ScriptedModelServer.CANARY_KEY);
    }

    @Test
    void streamJsonIsOneParsableEventPerLineEndingWithTotals() throws Exception {
        server.replyToolCalls(call("c1", "run_shell", "{\"command\":\"echo streamed\"}"))
                .reply(dev.dispatch.provider.ScriptedReply.text("done").usage(2_000_000, 1_000_000, 0, 0));
        var r = run("run", "--output-format", "stream-json", "echo something");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) lines.add(Json.mapper().readTree(line));
        assertThat(lines.get(0).path("type").asText()).isEqualTo("session_started");
        assertThat(lines)
                .extracting(n -> n.path("type").asText())
                .contains("turn_started", "tool_call", "tool_output", "tool_result", "text_delta", "usage", "end");
        JsonNode end = lines.get(lines.size() - 1);
        assertThat(end.path("type").asText()).isEqualTo("end");
        assertThat(end.path("status").asText()).isEqualTo("done");
        assertThat(end.path("result").asText()).isEqualTo("done");
        long in = end.path("usage").path("input_tokens").asLong();
        long out = end.path("usage").path("output_tokens").asLong();
        assertThat(in).isGreaterThanOrEqualTo(2_000_000);
        assertThat(out).isGreaterThanOrEqualTo(1_000_000);
        // $3 per million input, $15 per million output (the config above)
        assertThat(end.path("cost_usd").asDouble())
                .isCloseTo((in * 3.0 + out * 15.0) / 1e6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(lines)
                .filteredOn(n -> n.path("type").asText().equals("tool_result"))
                .singleElement()
                .satisfies(n -> assertThat(n.path("exit_code").asInt()).isZero());
    }

    @Test
    void jsonIsOneObjectAtTheEndAndTheSessionCanBeContinued() throws Exception {
        server.replyText("first").replyText("second");
        RunCommand.stdin = new ByteArrayInputStream(new byte[0]);
        var first = run("run", "--output-format", "json", "-");
        // '-' with an empty stdin is a usage error and starts nothing
        assertThat(first.exitCode()).isEqualTo(2);
        assertThat(first.err()).contains("empty prompt");
        RunCommand.stdin = new ByteArrayInputStream("remember 7".getBytes(StandardCharsets.UTF_8));
        var one = run("run", "--output-format", "json", "-");
        assertThat(one.exitCode()).as(one.err()).isZero();
        JsonNode o = Json.mapper().readTree(one.out());
        assertThat(o.path("result").asText()).isEqualTo("first");
        String session = o.path("session_id").asText();
        var two = run("run", "--continue", "--output-format", "json", "and now?");
        assertThat(Json.mapper().readTree(two.out()).path("session_id").asText())
                .isEqualTo(session);
        assertThat(server.requests().get(1).body())
                .contains("remember 7")
                .contains("first")
                .contains("and now?");
    }

    @Test
    void failuresExitNonZeroWithTheProvidersMessage() {
        server.replyStatus(400, Map.of());
        var r = run("run", "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("dispatch: ").contains("scripted status 400");
    }

    @Test
    void badOptionsAreUsageErrorsThatStartNothing() {
        assertThat(run("run", "--max-turns", "0", "hi").exitCode()).isEqualTo(2);
        var fmt = run("run", "--output-format", "yaml", "hi");
        assertThat(fmt.exitCode()).isEqualTo(2);
        assertThat(fmt.err()).contains("'yaml' is not an output format");
        var both = run("run", "--continue", "--session", "ses_x", "hi");
        assertThat(both.exitCode()).isEqualTo(2);
        var unknownModel = run("run", "--model", "nope", "hi");
        assertThat(unknownModel.exitCode()).isEqualTo(2);
        assertThat(unknownModel.err()).contains("unknown model 'nope'").contains("fast");
        var noSession = run("run", "--continue", "hi");
        assertThat(noSession.exitCode()).isEqualTo(3);
        assertThat(noSession.err()).contains("no session recorded in");
        assertThat(server.requests()).isEmpty();
    }
}
