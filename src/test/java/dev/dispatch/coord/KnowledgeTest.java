package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.KnowledgeOps.ListTopics;
import dev.dispatch.protocol.KnowledgeOps.ReadTopic;
import dev.dispatch.protocol.KnowledgeOps.SearchHit;
import dev.dispatch.protocol.KnowledgeOps.SearchKnowledge;
import dev.dispatch.protocol.KnowledgeOps.TopicSummary;
import dev.dispatch.protocol.KnowledgeOps.TopicView;
import dev.dispatch.protocol.KnowledgeOps.WriteTopic;
import dev.dispatch.protocol.MessageOps.SendMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeTest {
    static final String S = LedgerFixture.SPACE;

    @TempDir
    Path dir;

    LedgerFixture f;

    @BeforeEach
    void open() {
        f = new LedgerFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    TopicView write(String topic, String text) {
        return f.knowledge.write(new WriteTopic(S, topic, text, "a"));
    }

    @Test
    void everyWriteIsANewVersionAndOldOnesStayReadable() {
        assertThat(write("design/locks", "v one").version()).isEqualTo(1);
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(write("design/locks", "v two").version()).isEqualTo(2);
        assertThat(f.knowledge.read(new ReadTopic(S, "design/locks", 0)).text()).isEqualTo("v two");
        TopicView v1 = f.knowledge.read(new ReadTopic(S, "design/locks", 1));
        assertThat(v1.text()).isEqualTo("v one");
        assertThat(v1.agent()).isEqualTo("a");
        write("notes", "hello");
        assertThat(f.knowledge.list(new ListTopics(S)).topics())
                .extracting(TopicSummary::topic, TopicSummary::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("design/locks", 2),
                        org.assertj.core.groups.Tuple.tuple("notes", 1));
        assertThat(f.journalTypes()).containsExactly("KnowledgeWritten", "KnowledgeWritten", "KnowledgeWritten");
    }

    @Test
    void searchFindsOnlyTheLatestVersionAcrossTopicsMessagesAndTasks() {
        write("design/locks", "old wording about semaphores");
        write("design/locks", "Locks carry fencing tokens that strictly increase.");
        f.messages.send(new SendMessage(S, "a", "b", "did the fencing change land?", null, null, false));
        f.store.write(c -> {
            TextIndex.put(c, "task", "task_7", S, "Add fencing to leases", "Leases need fencing like locks.");
            return null;
        });

        var result = f.knowledge.search(new SearchKnowledge(S, "fencing", List.of(), 0));
        assertThat(result.terms()).containsExactly("fencing");
        assertThat(result.hits()).extracting(SearchHit::kind).containsExactlyInAnyOrder("topic", "message", "task");
        assertThat(result.hits()).allSatisfy(h -> assertThat(h.snippet()).containsIgnoringCase("[fencing]"));
        assertThat(f.knowledge
                        .search(new SearchKnowledge(S, "semaphores", List.of(), 0))
                        .hits())
                .isEmpty();
        assertThat(f.knowledge
                        .search(new SearchKnowledge(S, "fencing", List.of("task"), 0))
                        .hits())
                .extracting(SearchHit::id)
                .containsExactly("task_7");
    }

    @Test
    void unknownTopicsAndVersionsAreNotFound() {
        write("t", "x");
        assertThatThrownBy(() -> f.knowledge.read(new ReadTopic(S, "nope", 0)))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> f.knowledge.read(new ReadTopic(S, "t", 5)))
                .hasMessageContaining("versions 1..1")
                .hasMessageContaining("5");
        assertThatThrownBy(() -> f.knowledge.read(new ReadTopic(S, "t", -1))).hasMessageContaining("-1");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        write("keep", "x");
        Map<String, Object> before = f.snapshot();
        List<WriteTopic> bad = List.of(
                new WriteTopic(S, "..%2Fescape", "x", null),
                new WriteTopic(S, "../escape", "x", null),
                new WriteTopic(S, "/abs", "x", null),
                new WriteTopic(S, "ok", "", null),
                new WriteTopic(S, "ok", "x".repeat(Inputs.MAX_BODY_BYTES + 1), null),
                new WriteTopic(S, "ok", "nul\u0000", null),
                new WriteTopic(S, "ok", "\uDFFF", null),
                new WriteTopic(S, "ok", "x", "ghost"));
        for (WriteTopic p : bad) {
            assertThatThrownBy(() -> f.knowledge.write(p)).isInstanceOf(EngineException.class);
        }
        for (SearchKnowledge p : List.of(
                new SearchKnowledge(S, "", List.of(), 0),
                new SearchKnowledge(S, "x", List.of("file"), 0),
                new SearchKnowledge(S, "x", List.of(), -1),
                new SearchKnowledge(S, "x", List.of(), 101))) {
            assertThatThrownBy(() -> f.knowledge.search(p)).isInstanceOf(EngineException.class);
        }
        assertThat(f.snapshot()).isEqualTo(before);
    }
}
