package dev.dispatch.bench;

import dev.dispatch.coord.TextIndex;
import dev.dispatch.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Full-text search cost: {@link TextIndex#search} (inverted index + BM25) against the baseline a
 * store without an index would run, a {@code LOWER(body) LIKE '%term%'} scan over the same documents,
 * in the same run on the same H2 file (the scan returns every match, unranked: ranking needs them all). Also the write cost of indexing: inserting a document with
 * {@link TextIndex#put} against inserting the same row alone.
 *
 * <p>Usage: KbSearchBench [documents] [queries]
 */
public final class KbSearchBench {
    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Random rnd = new Random(42);
        String[] vocab = new String[4000];
        for (int i = 0; i < vocab.length; i++) vocab[i] = word(rnd, i);
        Path dir = Files.createTempDirectory("kb-bench");
        try (Store store = Store.open(dir)) {
            // 1) write cost: index put vs a bare row insert of the same text
            long plain = 0;
            long indexed = 0;
            for (int i = 0; i < docs; i++) {
                String body = text(rnd, vocab, 80);
                String id = "doc" + i;
                long t0 = System.nanoTime();
                store.write(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO kb_version(space, topic, version, body, written_at) VALUES ('b', ?, 1, ?,"
                                    + " CURRENT_TIMESTAMP)")) {
                        ps.setString(1, id);
                        ps.setString(2, body);
                        ps.executeUpdate();
                    }
                    return null;
                });
                long t1 = System.nanoTime();
                store.write(c -> {
                    TextIndex.put(c, "topic", id, "b", id, body);
                    return null;
                });
                long t2 = System.nanoTime();
                plain += t1 - t0;
                indexed += t2 - t1;
            }
            // 2) search: indexed BM25 vs LIKE scan, same query words
            long[] idx = new long[queries];
            long[] scan = new long[queries];
            for (int q = 0; q < queries; q++) {
                String term = vocab[(int) Math.min(vocab.length - 1, Math.abs(rnd.nextGaussian()) * 300)];
                long t0 = System.nanoTime();
                int hits = store.read(c -> TextIndex.search(c, "b", term, List.of(), 10))
                        .size();
                long t1 = System.nanoTime();
                int found = store.read(c -> {
                            List<String> out = new ArrayList<>();
                            try (PreparedStatement ps = c.prepareStatement(
                                    "SELECT topic FROM kb_version WHERE space = 'b' AND LOWER(body) LIKE ?")) {
                                ps.setString(1, "%" + term + "%");
                                try (ResultSet rs = ps.executeQuery()) {
                                    while (rs.next()) out.add(rs.getString(1));
                                }
                            }
                            return out;
                        })
                        .size();
                long t2 = System.nanoTime();
                if (hits == 0 && found > 0) throw new IllegalStateException("index missed '" + term + "'");
                idx[q] = t1 - t0;
                scan[q] = t2 - t1;
            }
            double idxMs = median(idx) / 1e6;
            double scanMs = median(scan) / 1e6;
            System.out.printf("documents %d, queries %d%n", docs, queries);
            System.out.printf(
                    "search median: index+BM25 %.2f ms, LIKE scan (baseline) %.2f ms, ratio scan/index %.1fx%n",
                    idxMs, scanMs, scanMs / idxMs);
            System.out.printf(
                    "write: indexed put %.2f ms/doc, bare insert (baseline) %.2f ms/doc, ratio put/insert %.2fx%n",
                    indexed / 1e6 / docs, plain / 1e6 / docs, (double) indexed / plain);
        }
    }

    private static String word(Random rnd, int i) {
        StringBuilder w = new StringBuilder();
        int len = 3 + rnd.nextInt(6);
        for (int k = 0; k < len; k++) w.append((char) ('a' + rnd.nextInt(26)));
        return w.append(i).toString();
    }

    /** Zipf-like: low-numbered words are common, high-numbered ones rare. */
    private static String text(Random rnd, String[] vocab, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            int k = (int) Math.min(vocab.length - 1, Math.abs(rnd.nextGaussian()) * 600);
            s.append(vocab[k]).append(i % 12 == 11 ? ". " : " ");
        }
        return s.toString();
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
