package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stream variants real servers send that the scripted server's standard rendering does not: Ollama's
 * whole tool call in one chunk with {@code finish_reason: stop}, missing indexes and ids, no
 * {@code [DONE]}, in-band errors, and Anthropic blocks this adapter does not show.
 */
class DecoderTest {

    /** Feeds {@code data} events until the decoder reports an outcome, then the end of the body. */
    private static void decode(StreamDecoder decoder, List<String> data, StreamDecoder.Outcome[] outcome) {
        for (String d : data) {
            StreamDecoder.Outcome o = decoder.onEvent(new SseParser.SseEvent("message", d, ""));
            if (o != null) {
                outcome[0] = o;
                return;
            }
        }
        outcome[0] = decoder.onEnd();
    }

    @Test
    void ollamaStyleWholeToolCallWithStopReasonIsAToolUse() {
        EventLog log = new EventLog();
        StreamDecoder.Outcome[] outcome = {null};
        decode(
                new OpenAiDecoder(log),
                List.of(
                        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_x\",\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a\\\"}\"}}]},\"finish_reason\":null}]}",
                        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\"}]}",
                        "[DONE]"),
                outcome);

        assertThat(outcome[0]).isEqualTo(new StreamDecoder.Finished(StopReason.TOOL_USE, "stop"));
        assertThat(log.of(ModelEvent.ToolCallStarted.class))
                .containsExactly(new ModelEvent.ToolCallStarted(0, "call_x", "read_file"));
        assertThat(log.of(ModelEvent.ToolCallArgumentsDelta.class))
                .extracting(ModelEvent.ToolCallArgumentsDelta::fragment)
                .containsExactly("{\"path\":\"a\"}");
        assertThat(log.of(ModelEvent.ToolCallCompleted.class)
                        .get(0)
                        .arguments()
                        .path("path")
                        .asText())
                .isEqualTo("a");
    }

    @Test
    void missingIndexAndIdAndObjectArgumentsAndNoDoneAreTolerated() {
        EventLog log = new EventLog();
        StreamDecoder.Outcome[] outcome = {null};
        decode(
                new OpenAiDecoder(log),
                List.of(
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"name\":\"a\",\"arguments\":{\"x\":1}}},{\"function\":{\"name\":\"b\",\"arguments\":\"\"}}]}}]}",
                        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}"),
                outcome);

        assertThat(outcome[0]).isEqualTo(new StreamDecoder.Finished(StopReason.TOOL_USE, "tool_calls"));
        List<ModelEvent.ToolCallCompleted> calls = log.of(ModelEvent.ToolCallCompleted.class);
        assertThat(calls).extracting(ModelEvent.ToolCallCompleted::name).containsExactly("a", "b");
        assertThat(calls.get(0).id()).startsWith("call_0_");
        assertThat(calls.get(1).id()).startsWith("call_1_");
        assertThat(calls.get(0).arguments().path("x").asInt()).isEqualTo(1);
        assertThat(calls.get(1).argumentsJson()).isEqualTo("{}");
        assertThat(log.of(ModelEvent.Usage.class)).containsExactly(new ModelEvent.Usage(9, 2, 0, 0));
    }

    @Test
    void inBandErrorsAndUnreadableChunksEndTheStream() {
        StreamDecoder.Outcome[] outcome = {null};
        decode(
                new OpenAiDecoder(new EventLog()),
                List.of("{\"error\":{\"message\":\"model not loaded\",\"type\":\"server_error\"}}"),
                outcome);
        assertThat(outcome[0]).isEqualTo(new StreamDecoder.Errored("server_error", "model not loaded"));

        decode(new OpenAiDecoder(new EventLog()), List.of("{\"choices\": [tru"), outcome);
        assertThat(outcome[0]).isInstanceOf(StreamDecoder.Errored.class);
        assertThat(((StreamDecoder.Errored) outcome[0]).errorType()).isEqualTo("invalid_stream");

        decode(new OpenAiDecoder(new EventLog()), List.of("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}"), outcome);
        assertThat(outcome[0])
                .isEqualTo(new StreamDecoder.Errored("incomplete_stream", "the stream ended before a finish_reason"));
    }

    @Test
    void anthropicThinkingBlocksAndUnknownEventsAreSkipped() {
        EventLog log = new EventLog();
        AnthropicDecoder decoder = new AnthropicDecoder(log);
        String[] events = {
            "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5,\"cache_read_input_tokens\":null,\"output_tokens\":1}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"brand_new_event\"}",
            "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"answer\"}}",
            "{\"type\":\"content_block_stop\",\"index\":1}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":50}}",
            "{\"type\":\"message_stop\"}"
        };
        StreamDecoder.Outcome outcome = null;
        for (String e : events) outcome = decoder.onEvent(new SseParser.SseEvent("x", e, ""));

        assertThat(outcome).isEqualTo(new StreamDecoder.Finished(StopReason.MAX_TOKENS, "max_tokens"));
        assertThat(log.text()).isEqualTo("answer");
        assertThat(log.of(ModelEvent.Usage.class)).containsExactly(new ModelEvent.Usage(5, 50, 0, 0));
    }
}
