package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The SSE framing rules the providers rely on, and byte-to-line splitting across network buffers. */
class SseParserTest {
    final List<SseParser.SseEvent> events = new ArrayList<>();
    final SseParser parser = new SseParser(events::add);

    private void feed(String... lines) {
        for (String line : lines) parser.line(line);
    }

    @Test
    void namedEventsMultiLineDataCommentsAndUnknownFields() {
        feed(
                ": keep-alive comment",
                "event: content_block_delta",
                "data: {\"a\":",
                "data:  1}",
                "retry: 3000",
                "x-unknown: y",
                "id: 7",
                "");
        feed("data:no-space", "");

        assertThat(events)
                .containsExactly(
                        new SseParser.SseEvent("content_block_delta", "{\"a\":\n 1}", "7"),
                        new SseParser.SseEvent("message", "no-space", "7"));
    }

    @Test
    void blankLinesWithoutDataDispatchNothingAndTheEventNameResets() {
        feed("event: ping", "", "", "data: x", "");

        assertThat(events).containsExactly(new SseParser.SseEvent("message", "x", ""));
    }

    @Test
    void anEventWithoutItsClosingBlankLineIsDispatchedAtTheEnd() {
        feed("data: [DONE]");
        assertThat(events).isEmpty();

        parser.end();

        assertThat(events).containsExactly(new SseParser.SseEvent("message", "[DONE]", ""));
    }

    @Test
    void lineSubscriberSplitsCrLfCrAndLfAcrossBuffersAndKeepsUtf8Whole() throws Exception {
        LineSubscriber lines = new LineSubscriber();
        lines.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        byte[] bytes = "data: ü✓\r\n\r\nevent: a\rdata: b\n\nlast".getBytes(StandardCharsets.UTF_8);
        // One byte per buffer: every CRLF and every multi-byte character is split.
        for (byte b : bytes) lines.onNext(List.of(ByteBuffer.wrap(new byte[] {b})));
        lines.onComplete();

        List<String> read = new ArrayList<>();
        for (String line = lines.next(Duration.ofSeconds(1)); line != null; line = lines.next(Duration.ofSeconds(1))) {
            read.add(line);
        }

        assertThat(read).containsExactly("data: ü✓", "", "event: a", "data: b", "", "last");
    }

    @Test
    void idleStreamTimesOutAndCancelWakesTheReader() throws Exception {
        LineSubscriber idle = new LineSubscriber();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> idle.next(Duration.ofMillis(20)))
                .isInstanceOf(LineSubscriber.IdleTimeoutException.class);

        LineSubscriber cancelled = new LineSubscriber();
        cancelled.cancel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cancelled.next(Duration.ofSeconds(30)))
                .isInstanceOf(LineSubscriber.CancelledException.class);
    }
}
