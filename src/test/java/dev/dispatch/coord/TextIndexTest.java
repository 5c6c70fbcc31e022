package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.KnowledgeOps.SearchHit;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextIndexTest {
    @TempDir
    Path dir;

    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    void put(String kind, String id, String title, String body) {
        store.write(c -> {
            TextIndex.put(c, kind, id, "s", title, body);
            return null;
        });
    }

    List<SearchHit> search(String query, String... kinds) {
        return store.read(c -> TextIndex.search(c, "s", query, List.of(kinds), 10));
    }

    @Test
    void ranksByTermFrequencyRarityAndTitle() {
        put("task", "task_1", "Fix flaky lock test", "The lock test fails when the clock moves.");
        put("task", "task_2", "Write docs", "Docs for the lock command and nothing else here at all, really.");
        put("message", "msg_1", null, "lunch at noon?");
        put("topic", "design/locks", "design locks", "Locks carry fencing tokens. Fencing tokens strictly increase.");

        List<SearchHit> hits = search("lock");
        assertThat(hits).extracting(SearchHit::id).containsExactly("task_1", "task_2");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());

        assertThat(search("fencing tokens")).extracting(SearchHit::id).containsExactly("design/locks");
        // a rare term outweighs a common one
        assertThat(search("clock lock").get(0).id()).isEqualTo("task_1");
        assertThat(search("noon lock", "message")).extracting(SearchHit::kind).containsExactly("message");
        assertThat(search("zzqqxx wvvw")).isEmpty();
    }

    @Test
    void snippetsHighlightMatchesAroundTheFirstOne() {
        String body = "x ".repeat(100) + "the Fencing token rises; fencing again." + " y".repeat(100);
        put("topic", "t", "t", body);
        SearchHit hit = search("fencing").get(0);
        assertThat(hit.snippet())
                .contains("[Fencing] token rises; [fencing] again")
                .startsWith("…")
                .endsWith("…");
        assertThat(hit.snippet().length()).isLessThan(200);
    }

    @Test
    void putReplacesAndRemoveDeletes() {
        put("task", "task_1", "alpha", "first words");
        put("task", "task_1", "beta", "second words");
        assertThat(search("alpha")).isEmpty();
        assertThat(search("beta")).extracting(SearchHit::title).containsExactly("beta");
        store.write(c -> {
            TextIndex.remove(c, "task", "task_1", "s");
            return null;
        });
        assertThat(search("beta words")).isEmpty();
        long[] stats = store.read(c -> {
            try (var rs = c.createStatement()
                    .executeQuery("SELECT SUM(docs), SUM(terms) FROM text_stats WHERE space = 's'")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
        assertThat(stats).containsExactly(0, 0);
    }

    @Test
    void spacesAreSeparate() {
        put("task", "task_1", "alpha", "");
        List<SearchHit> hits = store.read(c -> TextIndex.search(c, "elsewhere", "alpha", List.of(), 10));
        assertThat(hits).isEmpty();
    }

    @Test
    void termsAreUnicodeWordsLowerCased() {
        assertThat(Terms.of("Grüße, WORLD! x_y 42 naïve")).containsExactly("grüße", "world", "x", "y", "42", "naïve");
        assertThat(Terms.of("a".repeat(65) + " ok")).containsExactly("ok");
        assertThat(Terms.snippet("emoji 😀 then match", Set.of("match"))).isEqualTo("emoji 😀 then [match]");
    }

    @Test
    void queriesWithoutWordsAreRefused() {
        assertThatThrownBy(() -> search("?!--")).hasMessageContaining("no words");
    }
}
