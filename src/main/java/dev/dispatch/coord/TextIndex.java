package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.KnowledgeOps.SearchHit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small inverted index in the store (term → documents with term frequency), ranked with BM25.
 * H2's own FullText needs triggers and reflection, which do not suit a native image; this is plain
 * SQL. Documents have a kind ({@code topic}, {@code message}, {@code task}); whoever owns a document
 * calls {@link #put} / {@link #remove} in the same transaction as the change, so the index never
 * disagrees with what committed.
 */
public final class TextIndex {
    /** Kinds a search may ask for. */
    public static final Set<String> KINDS = Set.of("topic", "message", "task");
    /** Most distinct query terms used; the rest are ignored. */
    static final int MAX_QUERY_TERMS = 16;
    /** Title terms count this many times: a word in a title says more than one in a body. */
    private static final int TITLE_WEIGHT = 2;

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    /** One document holding a term: its key (kind NUL id), term frequency and length in terms. */
    private record Posting(String key, int tf, int length) {}

    private TextIndex() {}

    /** Indexes (or re-indexes) one document; {@code title} and {@code body} may be null. */
    public static void put(Connection c, String kind, String id, String space, String title, String body)
            throws SQLException {
        remove(c, kind, id, space);
        Map<String, Integer> tf = new TreeMap<>();
        for (String t : Terms.of(title)) tf.merge(t, TITLE_WEIGHT, Integer::sum);
        for (String t : Terms.of(body)) tf.merge(t, 1, Integer::sum);
        int total = tf.values().stream().mapToInt(Integer::intValue).sum();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO text_doc(space, kind, doc_id, title, body, terms) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, space);
            ps.setString(2, kind);
            ps.setString(3, id);
            ps.setString(4, title == null || title.length() <= 1000 ? title : title.substring(0, 1000));
            ps.setString(5, body);
            ps.setInt(6, total);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO text_term(space, term, kind, doc_id, tf, doc_terms) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Integer> e : tf.entrySet()) {
                ps.setString(1, space);
                ps.setString(2, e.getKey());
                ps.setString(3, kind);
                ps.setString(4, id);
                ps.setInt(5, e.getValue());
                ps.setInt(6, total);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        addStats(c, space, kind, 1, total);
    }

    /** Drops one document from the index; nothing happens if it was never indexed. */
    public static void remove(Connection c, String kind, String id, String space) throws SQLException {
        Integer terms = null;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT terms FROM text_doc WHERE space = ? AND kind = ? AND doc_id = ?")) {
            ps.setString(1, space);
            ps.setString(2, kind);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) terms = rs.getInt(1);
            }
        }
        if (terms == null) return;
        addStats(c, space, kind, -1, -terms);
        for (String table : List.of("text_term", "text_doc")) {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + table + " WHERE space = ? AND kind = ? AND doc_id = ?")) {
                ps.setString(1, space);
                ps.setString(2, kind);
                ps.setString(3, id);
                ps.executeUpdate();
            }
        }
    }

    /** Keeps the per-kind document count and total length that BM25 needs, without scanning documents. */
    private static void addStats(Connection c, String space, String kind, long docs, long terms) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE text_stats SET docs = docs + ?, terms = terms + ? WHERE space = ? AND kind = ?")) {
            ps.setLong(1, docs);
            ps.setLong(2, terms);
            ps.setString(3, space);
            ps.setString(4, kind);
            if (ps.executeUpdate() > 0) return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO text_stats(space, kind, docs, terms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, space);
            ps.setString(2, kind);
            ps.setLong(3, docs);
            ps.setLong(4, terms);
            ps.executeUpdate();
        }
    }

    /** The distinct terms a query searches for (at most {@value #MAX_QUERY_TERMS}). */
    public static List<String> queryTerms(String query) {
        return new LinkedHashSet<>(Terms.of(query))
                .stream().limit(MAX_QUERY_TERMS).toList();
    }

    /** The best {@code limit} documents for {@code query}, best first; {@code kinds} empty means all. */
    public static List<SearchHit> search(Connection c, String space, String query, List<String> kinds, int limit)
            throws SQLException {
        List<String> terms = queryTerms(query);
        if (terms.isEmpty()) {
            throw EngineException.invalid("query '" + query + "' has no words to search for; use letters or digits");
        }
        String kindSql = kinds.isEmpty() ? "" : " AND kind = ANY(?)";
        // 1) corpus statistics for BM25: number of documents and their average length
        long n;
        double avgLength;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(docs), 0), COALESCE(SUM(terms), 0) FROM text_stats WHERE space = ?" + kindSql)) {
            bind(c, ps, space, null, kinds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
                avgLength = n == 0 ? 1 : Math.max(1, (double) rs.getLong(2) / n);
            }
        }
        // 2) score every document that holds a query term
        Map<String, Double> scores = new HashMap<>();
        for (String term : terms) {
            List<Posting> postings = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, doc_id, tf, doc_terms FROM text_term WHERE space = ? AND term = ?" + kindSql)) {
                bind(c, ps, space, term, kinds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        postings.add(new Posting(rs.getString(1) + "\0" + rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }
            }
            double idf = Math.log(1 + (n - postings.size() + 0.5) / (postings.size() + 0.5));
            for (Posting p : postings) {
                double s = idf * p.tf() * (K1 + 1) / (p.tf() + K1 * (1 - B + B * p.length() / avgLength));
                scores.merge(p.key(), s, Double::sum);
            }
        }
        // 3) the best ones, with titles and snippets
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry::getKey));
        Set<String> wanted = new LinkedHashSet<>(terms);
        List<SearchHit> hits = new ArrayList<>();
        for (Map.Entry<String, Double> e : ranked.subList(0, Math.min(limit, ranked.size()))) {
            String[] key = e.getKey().split("\0", 2);
            hits.add(hit(c, space, key[0], key[1], Math.round(e.getValue() * 1000) / 1000.0, wanted));
        }
        return hits;
    }

    private static SearchHit hit(Connection c, String space, String kind, String id, double score, Set<String> wanted)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT title, body FROM text_doc WHERE space = ? AND kind = ? AND doc_id = ?")) {
            ps.setString(1, space);
            ps.setString(2, kind);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String title = rs.getString(1);
                String body = rs.getString(2);
                boolean bodyMatches = Terms.of(body).stream().anyMatch(wanted::contains);
                String snippet = Terms.snippet(bodyMatches || title == null ? body : title, wanted);
                return new SearchHit(kind, id, title, score, snippet);
            }
        }
    }

    private static void bind(Connection c, PreparedStatement ps, String space, String term, List<String> kinds)
            throws SQLException {
        int i = 1;
        ps.setString(i++, space);
        if (term != null) ps.setString(i++, term);
        if (!kinds.isEmpty()) ps.setArray(i, c.createArrayOf("VARCHAR", kinds.toArray()));
    }
}
