package dev.dispatch.provider;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both wire formats, end to end over loopback: text, tool calls in pieces, several calls, usage. */
class StreamingTest {
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

    static ModelRequest hello() {
        return ModelRequest.of("be brief", List.of(Message.user("hi")), List.of());
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void streamsTextInOrderAndEndsWithUsageThenStopped(ProviderType type) {
        server.reply(ScriptedReply.text("Hello, wörld — ✓ done").chunkSize(1).usage(12, 7, 0, 0));
        EventLog log = new EventLog();

        ModelEvent.Terminal end =
                EventLog.provider(EventLog.settings(server, type), waits).stream(hello(), log, new Cancellation());

        assertThat(end)
                .isEqualTo(new ModelEvent.Stopped(
                        StopReason.END_TURN, type == ProviderType.ANTHROPIC ? "end_turn" : "stop"));
        assertThat(log.text()).isEqualTo("Hello, wörld — ✓ done");
        assertThat(log.of(ModelEvent.TextDelta.class)).hasSize("Hello, wörld — ✓ done".length());
        assertThat(log.of(ModelEvent.Usage.class)).containsExactly(new ModelEvent.Usage(12, 7, 0, 0));
        assertThat(log.events.get(log.events.size() - 2)).isInstanceOf(ModelEvent.Usage.class);
        assertThat(log.last()).isSameAs(end);
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void argumentsSplitIntoSingleCharactersArriveWholeAndParsed(ProviderType type) {
        String args = "{\"path\":\"src/a b.txt\",\"lines\":[1,2,3],\"note\":\"quote \\\" and ü\"}";
        server.reply(ScriptedReply.answer()
                .thenText("Reading.")
                .thenToolCall(call("toolu_1", "read_file", args))
                .chunkSize(1));
        EventLog log = new EventLog();

        ModelEvent.Terminal end =
                EventLog.provider(EventLog.settings(server, type), waits).stream(hello(), log, new Cancellation());

        assertThat(end).isInstanceOf(ModelEvent.Stopped.class);
        assertThat(((ModelEvent.Stopped) end).reason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(log.text()).isEqualTo("Reading.");
        assertThat(log.of(ModelEvent.ToolCallStarted.class))
                .containsExactly(new ModelEvent.ToolCallStarted(0, "toolu_1", "read_file"));
        List<ModelEvent.ToolCallArgumentsDelta> deltas = log.of(ModelEvent.ToolCallArgumentsDelta.class);
        assertThat(deltas).hasSize(args.length());
        assertThat(deltas.stream()
                        .map(ModelEvent.ToolCallArgumentsDelta::fragment)
                        .reduce("", String::concat))
                .isEqualTo(args);
        ModelEvent.ToolCallCompleted done =
                log.of(ModelEvent.ToolCallCompleted.class).get(0);
        assertThat(done.id()).isEqualTo("toolu_1");
        assertThat(done.argumentsValid()).isTrue();
        assertThat(done.arguments().path("path").asText()).isEqualTo("src/a b.txt");
        assertThat(done.arguments().path("lines").size()).isEqualTo(3);
        assertThat(done.arguments().path("note").asText()).isEqualTo("quote \" and ü");
        assertThat(done.toToolUse()).isEqualTo(new ContentBlock.ToolUse("toolu_1", "read_file", done.arguments()));
        // Completion comes after every fragment of that call.
        assertThat(log.events.indexOf(done)).isGreaterThan(log.events.indexOf(deltas.get(deltas.size() - 1)));
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void threeToolCallsInOneTurnKeepTheirOwnArguments(ProviderType type) {
        server.reply(ScriptedReply.toolCalls(
                        call("c1", "read_file", "{\"path\":\"a.txt\"}"),
                        call("c2", "grep", "{\"pattern\":\"x+\",\"glob\":\"*.java\"}"),
                        call("c3", "list_dir", ""))
                .chunkSize(2));
        EventLog log = new EventLog();

        EventLog.provider(EventLog.settings(server, type), waits).stream(hello(), log, new Cancellation());

        List<ModelEvent.ToolCallCompleted> calls = log.of(ModelEvent.ToolCallCompleted.class);
        assertThat(calls).extracting(ModelEvent.ToolCallCompleted::index).containsExactly(0, 1, 2);
        assertThat(calls).extracting(ModelEvent.ToolCallCompleted::id).containsExactly("c1", "c2", "c3");
        assertThat(calls)
                .extracting(ModelEvent.ToolCallCompleted::name)
                .containsExactly("read_file", "grep", "list_dir");
        assertThat(calls.get(0).arguments().toString()).isEqualTo("{\"path\":\"a.txt\"}");
        assertThat(calls.get(1).arguments().toString()).isEqualTo("{\"pattern\":\"x+\",\"glob\":\"*.java\"}");
        assertThat(calls.get(2).argumentsJson()).isEqualTo("{}");
        assertThat(calls.get(2).arguments().isObject()).isTrue();
        assertThat(log.last())
                .isEqualTo(new ModelEvent.Stopped(
                        StopReason.TOOL_USE, type == ProviderType.ANTHROPIC ? "tool_use" : "tool_calls"));
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void usageKeepsCachedTokensApart(ProviderType type) {
        server.reply(ScriptedReply.text("ok").usage(100, 20, 4000, type == ProviderType.ANTHROPIC ? 300 : 0));
        EventLog log = new EventLog();

        EventLog.provider(EventLog.settings(server, type), waits).stream(hello(), log, new Cancellation());

        // OpenAI reports prompt_tokens=4100 with cached_tokens=4000; both wires end up the same.
        assertThat(log.of(ModelEvent.Usage.class))
                .containsExactly(new ModelEvent.Usage(100, 20, 4000, type == ProviderType.ANTHROPIC ? 300 : 0));
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void invalidArgumentsAreReportedNotThrown(ProviderType type) {
        server.reply(ScriptedReply.toolCalls(call("c1", "edit", "{\"path\": \"a.txt\", ")));
        EventLog log = new EventLog();

        EventLog.provider(EventLog.settings(server, type), waits).stream(hello(), log, new Cancellation());

        ModelEvent.ToolCallCompleted done =
                log.of(ModelEvent.ToolCallCompleted.class).get(0);
        assertThat(done.argumentsValid()).isFalse();
        assertThat(done.argumentsJson()).isEqualTo("{\"path\": \"a.txt\", ");
        assertThat(done.argumentsError()).startsWith("arguments of edit are not valid JSON");
        assertThat(done.toToolUse().input().isObject()).isTrue();
        assertThat(done.toToolUse().input().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void streamThatEndsEarlyFailsWithoutRetryOnceContentWasShown(ProviderType type) {
        server.reply(ScriptedReply.text("half an ans").truncated());
        EventLog log = new EventLog();

        ModelEvent.Terminal end =
                EventLog.provider(EventLog.settings(server, type), waits).stream(hello(), log, new Cancellation());

        assertThat(end).isInstanceOf(ModelEvent.Failed.class);
        ProviderFailure failure = ((ModelEvent.Failed) end).failure();
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.NETWORK);
        assertThat(failure.message()).contains("stream ended before");
        assertThat(server.requests()).hasSize(1);
    }

    static ObjectNode schema() {
        ObjectNode schema = Json.mapper().createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("path").put("type", "string");
        schema.putArray("required").add("path");
        return schema;
    }
}
