package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.ApprovalOps.RequestApproval;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.KnowledgeOps.WriteTopic;
import dev.dispatch.protocol.LockOps.AcquireLock;
import dev.dispatch.protocol.LockOps.Mode;
import dev.dispatch.protocol.LockOps.ReleaseLock;
import dev.dispatch.protocol.MessageOps.SendMessage;
import dev.dispatch.store.Journal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks, messages, knowledge and approvals written at once from several threads: the journal holds
 * exactly one event per change, in strictly increasing sequence, and the numbers inside the events
 * (fencing tokens, message seqs, topic versions) rise in journal order, i.e. in commit order.
 */
class LedgerConcurrencyTest {
    static final String S = LedgerFixture.SPACE;
    static final int ROUNDS = 15;

    @TempDir
    Path dir;

    @Test
    void journalOrderIsCommitOrderUnderConcurrentWriters() throws Exception {
        try (LedgerFixture f = new LedgerFixture(dir)) {
            List<Callable<Void>> writers = List.of(
                    () -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            var l = f.locks.acquire(
                                    new AcquireLock(S, "a", List.of("src/**"), 60, Mode.exclusive, null));
                            f.locks.release(new ReleaseLock(
                                    S, l.lock().id(), "a", l.lock().token()));
                        }
                        return null;
                    },
                    () -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            var l = f.locks.acquire(new AcquireLock(S, "b", List.of("docs/**"), 60, Mode.shared, null));
                            f.locks.release(new ReleaseLock(
                                    S, l.lock().id(), "b", l.lock().token()));
                        }
                        return null;
                    },
                    () -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            f.messages.send(new SendMessage(S, "lead", "children", "m" + i, null, null, false));
                        }
                        return null;
                    },
                    () -> {
                        for (int i = 0; i < ROUNDS; i++)
                            f.knowledge.write(new WriteTopic(S, "shared/topic", "v" + i, "a"));
                        return null;
                    },
                    () -> {
                        for (int i = 0; i < ROUNDS; i++)
                            f.approvals.request(new RequestApproval(S, "b", "q" + i, null));
                        return null;
                    });
            ExecutorService pool = Executors.newFixedThreadPool(writers.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> w : writers) {
                done.add(pool.submit(() -> {
                    start.await();
                    return w.call();
                }));
            }
            start.countDown();
            for (Future<Void> d : done) d.get();
            pool.shutdown();

            List<Journal.Entry> journal = f.journal();
            assertThat(journal).hasSize(ROUNDS * 7);
            assertThat(journal).extracting(Journal.Entry::seq).isSorted().doesNotHaveDuplicates();
            List<Long> tokens = new ArrayList<>();
            List<Long> messageSeqs = new ArrayList<>();
            List<Long> versions = new ArrayList<>();
            for (Journal.Entry e : journal) {
                JsonNode data = Json.mapper().readTree(e.data());
                switch (e.type()) {
                    case "LockAcquired" -> tokens.add(data.path("token").asLong());
                    case "MessageSent" ->
                        messageSeqs.add(data.path("message").path("seq").asLong());
                    case "KnowledgeWritten" -> versions.add(data.path("version").asLong());
                    default -> {}
                }
            }
            assertThat(tokens).hasSize(2 * ROUNDS).isSorted().doesNotHaveDuplicates();
            assertThat(messageSeqs).hasSize(ROUNDS).isSorted().doesNotHaveDuplicates();
            assertThat(versions).hasSize(ROUNDS).isSorted().doesNotHaveDuplicates();
            assertThat(versions.get(versions.size() - 1)).isEqualTo(ROUNDS);
        }
    }
}
