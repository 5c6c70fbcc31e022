package dev.dispatch.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.store.Store;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsTest {
    @TempDir
    Path dir;

    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(millis.addAndGet(1000));

    @Test
    void recordsMessagesToolCallsAndUsageThatSurviveReopening() {
        String id;
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionRecord rec = s.create("proj", "/work/proj", "summarise a.txt", "sonnet", "anthropic", null);
            id = rec.id();
            assertThat(id).startsWith("ses_");
            assertThat(s.appendMessage(id, "agt_1", "user", "[{\"type\":\"text\",\"text\":\"hi\"}]", "hi"))
                    .isEqualTo(1);
            assertThat(s.appendMessage(id, "agt_1", "assistant", "[]", "hello")).isEqualTo(2);
            s.toolCallStarted(id, "agt_1", "call_1", "read_file", "{\"path\":\"a.txt\"}");
            s.toolCallFinished(id, "call_1", "1\tx", false, null);
            s.recordUsage(id, new UsageRow("agt_1", "sonnet", "work", 100, 20, 5, 0, new BigDecimal("0.0012")));
            s.recordUsage(id, new UsageRow("agt_1", "sonnet", "work", 50, 10, 0, 0, new BigDecimal("0.0008")));
            s.setStatus(id, "done");
        }
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionRecord rec = s.require(id);
            assertThat(rec.status()).isEqualTo("done");
            assertThat(rec.inputTokens()).isEqualTo(150);
            assertThat(rec.outputTokens()).isEqualTo(30);
            assertThat(rec.costUsd()).isEqualByComparingTo("0.0020");
            assertThat(s.messages(id)).extracting(StoredMessage::role).containsExactly("user", "assistant");
            assertThat(s.latest("/work/proj")).map(SessionRecord::id).contains(id);
            assertThat(s.latest("/elsewhere")).isEmpty();
        }
    }

    @Test
    void latestIsTheMostRecentlyUpdatedSessionOfTheProject() {
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionRecord a = s.create("p", "/p", "a", "m", "x", null);
            SessionRecord b = s.create("p", "/p", "b", "m", "x", null);
            assertThat(s.latest("/p")).map(SessionRecord::id).contains(b.id());
            s.appendMessage(a.id(), null, "user", "[]", "again");
            assertThat(s.latest("/p")).map(SessionRecord::id).contains(a.id());
        }
    }

    @Test
    void unknownSessionIsAClearNotFound() {
        try (Store store = Store.open(dir)) {
            assertThatThrownBy(() -> new Sessions(store, clock).require("ses_nope"))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("ses_nope");
        }
    }
}
