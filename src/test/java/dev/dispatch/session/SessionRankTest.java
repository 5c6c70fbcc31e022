package dev.dispatch.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search ranking is the true top k by BM25 (issue 23): the bounded reads of common words ({@link SessionRank})
 * give the same scores as scoring every posting, with and without a scope, and a highly relevant old
 * session beats many recent sessions that mention the word in passing.
 */
class SessionRankTest {
    @TempDir
    Path dir;

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Common at 8 postings, so the bounded path carries most of these queries; pages of 2 to cross pages. */
    static final SessionRank.Tuning SMALL = new SessionRank.Tuning(8, 50_000, 2);

    @Test
    void aHighlyRelevantOldSessionBeatsManyRecentWeakOnes() {
        try (Store store = Store.open(dir)) {
            SessionBulk.write(store, "ses_old", "p", "/w/p", "old", START, List.of("parser parser parser crash"));
            for (int i = 0; i < 60; i++) {
                String filler = "we talked about many things today and then briefly the parser came up among others";
                SessionBulk.write(
                        store,
                        "ses_new" + i,
                        "p",
                        "/w/p",
                        "new " + i,
                        START.plusSeconds(86_400L * (i + 1)),
                        List.of(filler, "nothing relevant here at all"));
            }
            for (SessionRank.Tuning t : List.of(SMALL, SessionRank.Tuning.DEFAULT)) {
                List<SessionText.Scored> top =
                        store.read(c -> SessionRank.rank(c, List.of("parser"), "", List.of(), 5, t));
                assertThat(top).hasSize(5);
                assertThat(top.get(0).sessionId()).as("tuning %s", t).isEqualTo("ses_old");
                assertThat(top.get(0).score()).isGreaterThan(top.get(1).score());
            }
            // through the catalog too, scoped to the space
            var hits = new SessionCatalog(store, new Sessions(store, Instant::now), Instant::now)
                    .search("parser", new SessionCatalog.Scope("p", null, false, null, null), 3)
                    .hits();
            assertThat(hits.get(0).sessionId()).isEqualTo("ses_old");
        }
    }

    /** Impact order is term frequency first: a lower frequency's shortest message can still win. */
    @Test
    void aShortMessageWithTheWordOnceBeatsLongOnesWithItTwice() {
        try (Store store = Store.open(dir)) {
            String filler = " lorem".repeat(40);
            for (int i = 0; i < 10; i++)
                SessionBulk.write(
                        store,
                        "ses_long" + i,
                        "p",
                        "/w/p",
                        "l",
                        START.plusSeconds(i),
                        List.of("alpha" + filler + " alpha" + " ipsum".repeat(i)));
            SessionBulk.write(store, "ses_short", "p", "/w/p", "s", START, List.of("alpha"));
            for (SessionRank.Tuning t : List.of(SMALL, SessionRank.Tuning.DEFAULT)) {
                var top = store.read(c -> SessionRank.rank(c, List.of("alpha"), "", List.of(), 1, t));
                assertThat(top)
                        .extracting(SessionText.Scored::sessionId)
                        .as("tuning %s", t)
                        .containsExactly("ses_short");
            }
        }
    }

    @Test
    void boundedReadsGiveTheSameScoresAsScoringEveryPosting() {
        Random rnd = new Random(7);
        String[] vocab = new String[40];
        for (int i = 0; i < vocab.length; i++) vocab[i] = "v" + i;
        List<String[]> docs = new ArrayList<>(); // session, seq, text
        try (Store store = Store.open(dir)) {
            for (int s = 0; s < 30; s++) {
                List<String> texts = new ArrayList<>();
                int count = 3 + rnd.nextInt(12);
                for (int m = 0; m < count; m++) {
                    StringBuilder sb = new StringBuilder();
                    int words = 1 + rnd.nextInt(25);
                    for (int w = 0; w < words; w++) {
                        double u = rnd.nextDouble();
                        sb.append(w == 0 ? "" : " ").append(vocab[(int) (vocab.length * u * u)]);
                    }
                    texts.add(sb.toString());
                    docs.add(new String[] {"ses_" + s, Integer.toString(m + 1), sb.toString(), "sp" + (s % 3)});
                }
                SessionBulk.write(
                        store, "ses_" + s, "sp" + (s % 3), "/w/sp" + (s % 3), "t", START.plusSeconds(s), texts);
            }
            for (int q = 0; q < 60; q++) {
                List<String> terms = new ArrayList<>();
                int size = 1 + rnd.nextInt(3);
                while (terms.size() < size) {
                    double u = rnd.nextDouble();
                    String t = vocab[(int) (vocab.length * u * u)];
                    if (!terms.contains(t)) terms.add(t);
                }
                int k = 1 + rnd.nextInt(10);
                String space = q % 2 == 0 ? null : "sp" + (q % 3);
                String where = space == null ? "" : " AND s.space = ?";
                List<Object> args = space == null ? List.of() : List.of(space);
                for (SessionRank.Tuning t : List.of(SMALL, SessionRank.Tuning.DEFAULT)) {
                    List<SessionText.Scored> got = store.read(c -> SessionRank.rank(c, terms, where, args, k, t));
                    List<Double> expected = bruteForce(docs, terms, space, k, t.dfCap());
                    assertThat(got)
                            .as("query %s k %d space %s tuning %s", terms, k, space, t)
                            .hasSize(expected.size());
                    for (int i = 0; i < got.size(); i++)
                        assertThat(got.get(i).score())
                                .as("rank %d of %s in %s, tuning %s", i, terms, space, t)
                                .isCloseTo(expected.get(i), org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }

    /** BM25 over every message, as the index defines it (df counted up to the cap); the top k scores. */
    static List<Double> bruteForce(List<String[]> docs, List<String> terms, String space, int k, int dfCap) {
        long n = 0;
        long total = 0;
        Map<String, Integer> df = new HashMap<>();
        List<Map<String, Integer>> tfs = new ArrayList<>();
        for (String[] d : docs) {
            Map<String, Integer> tf = new HashMap<>();
            for (SessionText.Span sp : SessionText.spans(d[2])) tf.merge(sp.term(), 1, Integer::sum);
            tfs.add(tf);
            int len = tf.values().stream().mapToInt(Integer::intValue).sum();
            if (len == 0) continue;
            n++;
            total += len;
            for (String t : tf.keySet()) df.merge(t, 1, Integer::sum);
        }
        double avg = Math.max(1, (double) total / n);
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (space != null && !docs.get(i)[3].equals(space)) continue;
            Map<String, Integer> tf = tfs.get(i);
            int len = tf.values().stream().mapToInt(Integer::intValue).sum();
            double s = 0;
            boolean any = false;
            for (String t : terms) {
                Integer f = tf.get(t);
                if (f == null) continue;
                any = true;
                long d = Math.min(df.get(t), dfCap);
                double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
                s += idf
                        * f
                        * (SessionRank.K1 + 1)
                        / (f + SessionRank.K1 * (1 - SessionRank.B + SessionRank.B * len / avg));
            }
            if (any) scores.add(s);
        }
        scores.sort((a, b) -> Double.compare(b, a));
        return scores.subList(0, Math.min(k, scores.size()));
    }

    static Timestamp ts(long s) {
        return Timestamp.from(START.plusSeconds(s));
    }
}
