package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the model actually received: each wire's request shape, headers and the replayed tool turn. */
class RequestEncodingTest {
    ScriptedModelServer server;
    final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() {
        server = ScriptedModelServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A conversation after one tool round: the assistant called two tools, one of which failed. */
    static ModelRequest afterToolRound() {
        List<Message> messages = List.of(
                Message.user("read a.txt and b.txt"),
                Message.assistant(List.of(
                        new ContentBlock.Text("Reading both."),
                        new ContentBlock.ToolUse(
                                "call_a",
                                "read_file",
                                Json.mapper().createObjectNode().put("path", "a.txt")),
                        new ContentBlock.ToolUse(
                                "call_b",
                                "read_file",
                                Json.mapper().createObjectNode().put("path", "b.txt")))),
                Message.user(List.of(
                        ContentBlock.ToolResult.ok("call_a", "alpha"),
                        ContentBlock.ToolResult.error("call_b", "no such file: b.txt"))));
        ToolDefinition readFile = new ToolDefinition("read_file", "Reads a file.", StreamingTest.schema());
        return new ModelRequest(null, "You are terse.", messages, List.of(readFile), null, 0.2);
    }

    @Test
    void anthropicRequestCarriesSystemToolsAndToolResultsAsBlocks() {
        server.anthropic().replyText("ok");
        EventLog.provider(server.anthropicSettings(), waits).stream(
                afterToolRound(), new EventLog(), new Cancellation());

        RecordedRequest request = server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo(ScriptedModelServer.CANARY_KEY);
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.header("authorization")).isNull();
        JsonNode body = request.json();
        assertThat(body.path("model").asText()).isEqualTo("claude-scripted");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("You are terse.");
        assertThat(body.path("tools").get(0).path("name").asText()).isEqualTo("read_file");
        assertThat(body.path("tools").get(0).path("input_schema")).isEqualTo(StreamingTest.schema());
        JsonNode assistant = body.path("messages").get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("content").get(1).path("type").asText()).isEqualTo("tool_use");
        assertThat(assistant.path("content").get(1).path("id").asText()).isEqualTo("call_a");
        assertThat(assistant.path("content").get(1).path("input").path("path").asText())
                .isEqualTo("a.txt");
        JsonNode results = body.path("messages").get(2).path("content");
        assertThat(body.path("messages").get(2).path("role").asText()).isEqualTo("user");
        assertThat(results.get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(results.get(0).path("tool_use_id").asText()).isEqualTo("call_a");
        assertThat(results.get(0).path("content").asText()).isEqualTo("alpha");
        assertThat(results.get(0).has("is_error")).isFalse();
        assertThat(results.get(1).path("tool_use_id").asText()).isEqualTo("call_b");
        assertThat(results.get(1).path("is_error").asBoolean()).isTrue();
        // The prefix up to the newest block is cacheable for the next turn.
        assertThat(results.get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(request.body()).doesNotContain(ScriptedModelServer.CANARY_KEY);
    }

    @Test
    void openAiRequestSplitsToolResultsIntoToolMessages() {
        server.openai().replyText("ok");
        EventLog.provider(server.openAiSettings(), waits).stream(afterToolRound(), new EventLog(), new Cancellation());

        RecordedRequest request = server.lastRequest();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("authorization")).isEqualTo("Bearer " + ScriptedModelServer.CANARY_KEY);
        assertThat(request.header("x-api-key")).isNull();
        JsonNode body = request.json();
        assertThat(body.path("model").asText()).isEqualTo("gpt-scripted");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("read_file");
        assertThat(tool.path("function").path("parameters")).isEqualTo(StreamingTest.schema());
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("read a.txt and b.txt");
        JsonNode assistant = messages.get(2);
        assertThat(assistant.path("content").asText()).isEqualTo("Reading both.");
        JsonNode call = assistant.path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("call_a");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("arguments").isTextual()).isTrue();
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"path\":\"a.txt\"}");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("alpha");
        assertThat(messages.get(4).path("tool_call_id").asText()).isEqualTo("call_b");
        assertThat(messages.get(4).path("content").asText()).isEqualTo("Error: no such file: b.txt");
        assertThat(request.body()).doesNotContain(ScriptedModelServer.CANARY_KEY);
    }

    @Test
    void localOpenAiServerWithoutKeyGetsNoAuthorizationHeader() {
        server.openai().replyText("hi from llama");
        ProviderSettings local = server.openAiSettings().withApiKey(ApiKey.none());
        EventLog log = new EventLog();

        EventLog.provider(local, waits).stream(StreamingTest.hello(), log, new Cancellation());

        assertThat(log.text()).isEqualTo("hi from llama");
        assertThat(server.lastRequest().header("authorization")).isNull();
    }

    @Test
    void requestValuesOverrideSettingsAndOfficialOpenAiGetsMaxCompletionTokens() {
        ModelRequest request =
                StreamingTest.hello().withModel("other").withMaxTokens(77).withTemperature(1.0);
        ProviderSettings official =
                server.openAiSettings().withBaseUrl(java.net.URI.create("https://api.openai.com/v1"));

        JsonNode body = readTree(new OpenAiWire(official.baseUrl()).encode(request, official));
        JsonNode compatible = readTree(new OpenAiWire(server.openAiBaseUrl()).encode(request, server.openAiSettings()));

        assertThat(body.path("model").asText()).isEqualTo("other");
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(77);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(compatible.path("max_tokens").asInt()).isEqualTo(77);
        assertThat(compatible.path("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void anthropicBaseUrlWorksWithOrWithoutV1() {
        AnthropicWire wire = new AnthropicWire();
        assertThat(wire.endpoint(java.net.URI.create("https://api.anthropic.com"))
                        .toString())
                .isEqualTo("https://api.anthropic.com/v1/messages");
        assertThat(wire.endpoint(java.net.URI.create("https://api.anthropic.com/v1/"))
                        .toString())
                .isEqualTo("https://api.anthropic.com/v1/messages");
    }

    @Test
    void scriptedReplyForTheOtherWireIsRefusedSoMisroutedTestsFail() {
        server.anthropic().replyText("meant for anthropic");
        EventLog log = new EventLog();

        ModelEvent.Terminal end = EventLog.provider(
                server.openAiSettings().withRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO)),
                waits)
                .stream(StreamingTest.hello(), log, new Cancellation());

        assertThat(end).isInstanceOf(ModelEvent.Failed.class);
        assertThat(((ModelEvent.Failed) end).failure().message()).contains("the next reply is for ANTHROPIC");
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
