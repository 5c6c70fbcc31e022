package dev.dispatch.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.SessionBrowseOps.SessionHit;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search over messages stored before the index existed (backfilled in bounded, resumable batches) and
 * over a word nearly every message holds (scored in the most recently active sessions only).
 */
class SearchBackfillTest {
    @TempDir
    Path dir;

    final AtomicLong millis = new AtomicLong(Instant.now().toEpochMilli());
    final InstantSource clock = () -> Instant.ofEpochMilli(millis.addAndGet(1000));

    @Test
    void messagesFromBeforeTheIndexAreFoundOnceBackfilledAcrossAReopen() {
        String id;
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            id = s.create("proj", "/w/proj", "old", "m", "p", null).id();
            // 600 messages written as before V027: rows only, no postings, an old time
            store.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO session_message(session_id, seq, agent_id,"
                        + " role, content, plain_text, created_at) VALUES (?,?,?,?,?,?,?)")) {
                    for (int i = 1; i <= 600; i++) {
                        ps.setString(1, id);
                        ps.setInt(2, i);
                        ps.setString(3, "agt_1");
                        ps.setString(4, "user");
                        ps.setString(5, "[]");
                        ps.setString(6, i == 7 ? "the ancient walrus" : "plain message " + i);
                        ps.setTimestamp(7, Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
            SessionCatalog cat = new SessionCatalog(store, s, clock);
            assertThat(cat.search("walrus", SessionCatalogTest.ALL, 5).hits()).isEmpty();
            assertThat(new SearchBackfill(store).step())
                    .as("a first bounded batch, more to come")
                    .isTrue();
            assertThat(cat.search("walrus", SessionCatalogTest.ALL, 5).hits()).hasSize(1);
            // a message written since has its postings already; the backfill must skip, not duplicate it
            s.appendMessage(id, "agt_1", "user", "[]", "a fresh walrus");
        }
        try (Store store = Store.open(dir)) {
            SearchBackfill again = new SearchBackfill(store);
            assertThat(again.step()).as("resumes from its cursor and finishes").isFalse();
            assertThat(again.step()).isFalse();
            SessionCatalog cat = new SessionCatalog(store, new Sessions(store, clock), clock);
            assertThat(cat.search("message", SessionCatalogTest.ALL, 1000).hits())
                    .hasSize(599);
            assertThat(cat.search("walrus", SessionCatalogTest.ALL, 5).hits())
                    .extracting(SessionHit::messageId)
                    .containsExactlyInAnyOrder(id + ":7", id + ":601");
        }
    }

    @Test
    void aWordInNearlyEveryMessageIsRankedOverTheMostRecentSessions() {
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionCatalog cat = new SessionCatalog(store, s, clock);
            for (int i = 0; i < 5; i++) {
                String id = s.create("proj", "/w/proj", "t" + i, "m", "p", null).id();
                for (int m = 0; m < 3; m++) s.appendMessage(id, "agt_1", "user", "[]", "common words here " + i);
            }
            var hits = cat.search("common", SessionCatalogTest.ALL, 20).hits();
            assertThat(hits).hasSize(15);
            assertThat(hits.get(0).snippet()).contains("[common]");
            assertThat(cat.search("common", SessionCatalogTest.space("other"), 20)
                            .hits())
                    .isEmpty();
        }
    }
}
