package dev.dispatch.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.SessionBrowseOps.MessageView;
import dev.dispatch.protocol.SessionBrowseOps.SessionHit;
import dev.dispatch.protocol.SessionBrowseOps.SessionInfo;
import dev.dispatch.store.Store;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browsing sessions: list, rename, search, fork and delete over a real H2 file. */
class SessionCatalogTest {
    @TempDir
    Path dir;

    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(millis.addAndGet(1000));

    static SessionCatalog.Scope space(String space) {
        return new SessionCatalog.Scope(space, null, false, null, null);
    }

    static final SessionCatalog.Scope ALL = new SessionCatalog.Scope(null, null, true, null, null);

    String add(Sessions s, String id, String role, String text) {
        s.appendMessage(id, "agt_1", role, "[{\"type\":\"text\",\"text\":\"x\"}]", text);
        return id;
    }

    /** The Claude Code bug class: after a rename, list, show, search, latest and a reopened store agree. */
    @Test
    void renameIsSeenByListShowSearchLatestAndAfterReopening() {
        String id;
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionCatalog cat = new SessionCatalog(store, s, clock);
            id = s.create("proj", "/w/proj", "first prompt", "m", "p", null).id();
            add(s, id, "user", "first prompt about parsers");
            assertThat(cat.list(space("proj"), 10))
                    .extracting(SessionInfo::title)
                    .containsExactly("first prompt");
            cat.rename(id, "  Parser   work ");
            add(s, id, "assistant", "more on parsers");
            assertThat(cat.list(space("proj"), 10))
                    .extracting(SessionInfo::title)
                    .containsExactly("Parser work");
            assertThat(cat.show(id).session().title()).isEqualTo("Parser work");
            assertThat(cat.search("parsers", ALL, 5).hits())
                    .extracting(SessionHit::title)
                    .containsOnly("Parser work");
            assertThat(s.latest("/w/proj").orElseThrow().title()).isEqualTo("Parser work");
            assertThat(cat.list(space("proj"), 10).get(0).messageCount()).isEqualTo(2);
        }
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionCatalog cat = new SessionCatalog(store, s, clock);
            assertThat(cat.list(ALL, 10)).extracting(SessionInfo::title).containsExactly("Parser work");
            assertThat(s.require(id).title()).isEqualTo("Parser work");
            assertThatThrownBy(() -> cat.rename(id, " ")).isInstanceOf(EngineException.class);
            assertThatThrownBy(() -> cat.rename(id, "x".repeat(501))).hasMessageContaining("too long");
            assertThatThrownBy(() -> cat.rename("ses_nope", "t")).hasMessageContaining("ses_nope");
            assertThat(s.require(id).title()).isEqualTo("Parser work");
        }
    }

    @Test
    void searchRanksFiltersAndHighlights() {
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionCatalog cat = new SessionCatalog(store, s, clock);
            String a = s.create("proj", "/w/a", "a", "m", "p", null).id();
            add(s, a, "user", "the lexer splits tokens; the lexer is fast");
            add(s, a, "assistant", "unrelated words here");
            Instant mid = clock.instant();
            String b = s.create("other", "/w/b", "b", "m", "p", null).id();
            add(s, b, "user", "a lexer and a parser and more words to make this longer than the other one");
            String child = s.create("proj", "/w/a", "child", "m", "p", a).id();
            add(s, child, "assistant", "child found the lexer bug");

            var all = cat.search("lexer", ALL, 10).hits();
            assertThat(all).hasSize(3);
            assertThat(all.get(0).messageId()).isEqualTo(a + ":1"); // two occurrences rank first
            assertThat(all.get(0).snippet()).contains("[lexer]");
            assertThat(all).extracting(SessionHit::sessionId).contains(child); // child agents' messages too
            assertThat(cat.search("lexer", space("other"), 10).hits())
                    .extracting(SessionHit::sessionId)
                    .containsExactly(b);
            assertThat(cat.search("lexer", new SessionCatalog.Scope(null, "/w/a", false, null, null), 10)
                            .hits())
                    .extracting(SessionHit::sessionId)
                    .containsOnly(a, child);
            assertThat(cat.search("lexer", new SessionCatalog.Scope(null, null, true, null, mid), 10)
                            .hits())
                    .extracting(SessionHit::sessionId)
                    .containsOnly(a);
            assertThat(cat.search("nothinglikethis", ALL, 10).hits()).isEmpty();
            for (String bad : new String[] {"", "   ", "!!!", "x ".repeat(600)}) {
                assertThatThrownBy(() -> cat.search(bad, ALL, 10))
                        .isInstanceOfSatisfying(
                                EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
            }
            // the list shows top-level sessions only; a child belongs to its parent's tree
            assertThat(cat.list(ALL, 10)).extracting(SessionInfo::id).containsExactlyInAnyOrder(a, b);
            assertThat(cat.show(a).children()).extracting(d -> d.session().id()).containsExactly(child);
        }
    }

    @Test
    void forkCopiesUpToTheMessageAndBranchesStayIndependent() {
        try (Store store = Store.open(dir)) {
            Sessions s = new Sessions(store, clock);
            SessionCatalog cat = new SessionCatalog(store, s, clock);
            String a = s.create("proj", "/w/a", "orig", "m", "p", null).id();
            for (int i = 1; i <= 4; i++) add(s, a, i % 2 == 1 ? "user" : "assistant", "message number " + i);
            String other = s.create("proj", "/w/a", "other", "m", "p", null).id();
            add(s, other, "user", "hello");

            SessionInfo f = cat.fork(a, a + ":2");
            assertThat(f.forkedAtSeq()).isEqualTo(2);
            assertThat(f.messageCount()).isEqualTo(2);
            assertThat(cat.show(f.id()).messages())
                    .extracting(MessageView::text)
                    .containsExactly("message number 1", "message number 2");
            add(s, f.id(), "user", "branch only text");
            add(s, a, "user", "original only text");
            assertThat(cat.show(a).messages()).extracting(MessageView::text).doesNotContain("branch only text");
            assertThat(cat.show(f.id()).messages())
                    .extracting(MessageView::text)
                    .doesNotContain("original only text");
            assertThat(cat.search("branch", ALL, 10).hits())
                    .extracting(SessionHit::sessionId)
                    .containsExactly(f.id());
            assertThat(cat.list(ALL, 10)).extracting(SessionInfo::id).contains(f.id());

            int before = cat.list(ALL, 10).size();
            assertThatThrownBy(() -> cat.fork(a, other + ":1")).hasMessageContaining("belongs to session '" + other);
            assertThatThrownBy(() -> cat.fork(a, "99")).hasMessageContaining("has no message 99");
            assertThatThrownBy(() -> cat.fork(a, "0")).isInstanceOf(EngineException.class);
            assertThatThrownBy(() -> cat.fork(a, "abc")).hasMessageContaining("not SESSION:NUMBER");
            assertThatThrownBy(() -> cat.fork("ses_nope", "1")).hasMessageContaining("ses_nope");
            assertThat(cat.list(ALL, 10)).hasSize(before);

            // deleting the original keeps the fork, and the index forgets the original's messages
            s.recordUsage(a, new UsageRow("agt_1", "m", "k", 1, 1, 0, 0, BigDecimal.ONE));
            String child = s.create("proj", "/w/a", "child", "m", "p", a).id();
            add(s, child, "assistant", "childtext");
            assertThat(cat.delete(a)).isEqualTo(2);
            assertThat(s.find(a)).isEmpty();
            assertThat(s.find(child)).isEmpty();
            assertThat(s.require(f.id()).parentSessionId()).isNull();
            assertThat(cat.search("original childtext", ALL, 10).hits()).isEmpty();
            assertThat(cat.show(f.id()).messages()).hasSize(3);
            // an agent still holding the deleted session cannot write orphan rows into it
            assertThatThrownBy(() -> s.appendMessage(a, "agt_1", "user", "[]", "late text"))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getMessage())
                            .contains("deleted"));
            assertThat(s.messages(a)).isEmpty();
            assertThat(cat.search("late", ALL, 10).hits()).isEmpty();
        }
    }
}
