package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.MessageOps.AckMessage;
import dev.dispatch.protocol.MessageOps.Importance;
import dev.dispatch.protocol.MessageOps.InboxItem;
import dev.dispatch.protocol.MessageOps.InboxResult;
import dev.dispatch.protocol.MessageOps.ReadInbox;
import dev.dispatch.protocol.MessageOps.ReadMark;
import dev.dispatch.protocol.MessageOps.SendMessage;
import dev.dispatch.protocol.MessageOps.SendResult;
import dev.dispatch.store.Journal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagesTest {
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

    SendResult send(String from, String to, String text) {
        return f.messages.send(new SendMessage(S, from, to, text, null, null, false));
    }

    InboxResult inbox(String agent, long since) {
        return f.messages.inbox(new ReadInbox(S, agent, since, false, 0, ReadMark.peek));
    }

    @Test
    void recipientsResolveFromTheSenderToAgentParentChildrenAndAll() {
        assertThat(send("a", "b", "hi b").recipients()).containsExactly("b");
        assertThat(send("a", "parent", "hi lead").recipients()).containsExactly("lead");
        assertThat(send("lead", "children", "hi kids").recipients()).containsExactly("a", "b");
        assertThat(send("b", "all", "hi all").recipients()).containsExactly("a", "lead");
        assertThat(send(Messages.OPERATOR, "all", "from the user").recipients()).containsExactly("a", "b", "lead");
        assertThat(send("a", Messages.OPERATOR, "to the user").recipients()).containsExactly(Messages.OPERATOR);
        assertThat(inbox(Messages.OPERATOR, 0).messages())
                .extracting(i -> i.message().text())
                .containsExactly("to the user");
        assertThat(inbox("a", 0).messages())
                .extracting(i -> i.message().text())
                .containsExactly("hi kids", "hi all", "from the user");
        assertThat(inbox("lead", 0).messages())
                .extracting(i -> i.message().from())
                .containsExactly("a", "b", "operator");
    }

    @Test
    void sendDefaultsThreadToItsIdAndKeepsGivenOnes() {
        SendResult r = f.messages.send(new SendMessage(S, "a", "b", "x", null, Importance.high, true));
        assertThat(r.message().id()).isEqualTo("msg_" + r.message().seq());
        assertThat(r.message().thread()).isEqualTo(r.message().id());
        assertThat(r.message().importance()).isEqualTo(Importance.high);
        assertThat(r.message().ackRequired()).isTrue();
        SendResult reply =
                f.messages.send(new SendMessage(S, "b", "a", "y", r.message().thread(), null, false));
        assertThat(reply.message().thread()).isEqualTo(r.message().id());
        assertThat(reply.message().importance()).isEqualTo(Importance.normal);
    }

    @Test
    void sequenceCursorsReturnEachMessageExactlyOnce() {
        for (int i = 0; i < 7; i++) send("a", "b", "m" + i);
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        while (true) {
            InboxResult r = f.messages.inbox(new ReadInbox(S, "b", cursor, false, 3, ReadMark.peek));
            if (r.messages().isEmpty()) break;
            r.messages().forEach(i -> seen.add(i.message().text()));
            cursor = r.cursor();
        }
        assertThat(seen).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
        f.store.write(c -> c.createStatement().execute("ALTER SEQUENCE message_seq RESTART WITH 1"));
        send("a", "b", "late");
        assertThat(inbox("b", cursor).messages())
                .extracting(i -> i.message().text())
                .containsExactly("late");
    }

    @Test
    void readingMarksReadSoUnreadShowsOnlyNewOnesAndPeekMarksNothing() {
        send("a", "b", "one");
        assertThat(inbox("b", 0).messages())
                .allSatisfy(i -> assertThat(i.readAt()).isNull());
        InboxResult first = f.messages.inbox(new ReadInbox(S, "b", 0, true, 0, ReadMark.mark));
        assertThat(first.messages()).hasSize(1);
        send("a", "b", "two");
        InboxResult unread = f.messages.inbox(new ReadInbox(S, "b", 0, true, 0, ReadMark.mark));
        assertThat(unread.messages()).extracting(i -> i.message().text()).containsExactly("two");
        assertThat(f.messages
                        .inbox(new ReadInbox(S, "b", 0, true, 0, ReadMark.mark))
                        .messages())
                .isEmpty();
        assertThat(inbox("b", 0).messages())
                .allSatisfy(i -> assertThat(i.readAt()).isNotNull());
        assertThat(f.journalTypes()).containsExactly("MessageSent", "MessagesRead", "MessageSent", "MessagesRead");
    }

    @Test
    void ackNeedsARecipientAndIsRecordedOnce() {
        SendResult r = f.messages.send(new SendMessage(S, "lead", "children", "ack me", null, null, true));
        String id = r.message().id();
        Map<String, Object> before = f.snapshot();
        assertThatThrownBy(() -> f.messages.ack(new AckMessage(S, id, "lead")))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("only a recipient");
        assertThatThrownBy(() -> f.messages.ack(new AckMessage(S, "msg_999", "a")))
                .hasMessageContaining("msg_999");
        assertThat(f.snapshot()).isEqualTo(before);

        var ack = f.messages.ack(new AckMessage(S, id, "a"));
        assertThat(ack.alreadyAcked()).isFalse();
        assertThat(f.messages.ack(new AckMessage(S, id, "a")).alreadyAcked()).isTrue();
        InboxItem a = inbox("a", 0).messages().get(0);
        assertThat(a.ackedAt()).isEqualTo(ack.ackedAt());
        assertThat(a.readAt()).isNotNull();
        assertThat(inbox("b", 0).messages().get(0).ackedAt()).isNull();
        assertThat(f.journalTypes()).containsExactly("MessageSent", "MessageAcked");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        send("a", "b", "keep");
        Map<String, Object> before = f.snapshot();
        List<SendMessage> bad = List.of(
                new SendMessage(S, "ghost", "b", "x", null, null, false),
                new SendMessage(S, "a", "ghost", "x", null, null, false),
                new SendMessage(S, "a", "children", "x", null, null, false),
                new SendMessage(S, "lead", "parent", "x", null, null, false),
                new SendMessage(S, "a", "b", "", null, null, false),
                new SendMessage(S, "a", "b", "   \n", null, null, false),
                new SendMessage(S, "a", "b", "x".repeat(Inputs.MAX_BODY_BYTES + 1), null, null, false),
                new SendMessage(S, "a", "b", "é".repeat(Inputs.MAX_BODY_BYTES / 2 + 1), null, null, false),
                new SendMessage(S, "a", "b", "nul\u0000inside", null, null, false),
                new SendMessage(S, "a", "b", "bad \uDC00 surrogate", null, null, false),
                new SendMessage(S, "a", "b", "bell\u0007", null, null, false),
                new SendMessage(S, "a", "b", "x", "thread\nbreak", null, false),
                new SendMessage("other", "a", "b", "x", null, null, false));
        for (SendMessage p : bad) {
            assertThatThrownBy(() -> f.messages.send(p))
                    .as(p.to() + "/" + p.text().length())
                    .isInstanceOf(EngineException.class);
        }
        assertThatThrownBy(() -> f.messages.inbox(new ReadInbox(S, "b", -1, false, 0, ReadMark.mark)))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> f.messages.inbox(new ReadInbox(S, "b", 0, false, -3, ReadMark.mark)))
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> f.messages.inbox(new ReadInbox(S, "ghost", 0, false, 0, ReadMark.mark)))
                .hasMessageContaining("ghost");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void concurrentSendersGetJournalOrderEqualToMessageOrder() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        List<Long> acked = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            String from = t % 2 == 0 ? "a" : "b";
            String to = t % 2 == 0 ? "b" : "a";
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++)
                    acked.add(send(from, to, "t" + thread + " m" + i).message().seq());
                return null;
            }));
        }
        start.countDown();
        for (Future<?> d : done) d.get();
        pool.shutdown();

        List<Journal.Entry> journal = f.journal();
        assertThat(journal).hasSize(threads * each);
        assertThat(journal).extracting(Journal.Entry::seq).isSorted().doesNotHaveDuplicates();
        // The message seq inside each journal entry rises with the journal seq: both are commit order.
        List<Long> messageSeqs = journal.stream().map(e -> seqOf(e.data())).toList();
        assertThat(messageSeqs).isSorted().doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acked);
        int delivered = 0;
        for (String agent : List.of("a", "b")) {
            delivered += f.messages
                    .inbox(new ReadInbox(S, agent, 0, false, 1000, ReadMark.peek))
                    .messages()
                    .size();
        }
        assertThat(delivered).isEqualTo(threads * each);
    }

    private static long seqOf(String json) {
        try {
            return dev.dispatch.protocol.Json.mapper()
                    .readTree(json)
                    .path("message")
                    .path("seq")
                    .asLong();
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
