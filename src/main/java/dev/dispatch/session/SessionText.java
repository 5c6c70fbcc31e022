package dev.dispatch.session;

import dev.dispatch.protocol.EngineException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The full-text index over session messages: one posting per (term, message) with its term frequency
 * and the message's length, ranked with BM25. It is the session package's own (coord's TextIndex is out
 * of reach by the package arrows, and keys documents by space rather than by session); a message is
 * indexed in the same transaction that stores it, so search never disagrees with what committed.
 */
public final class SessionText {
    /** Longest query accepted; longer is a user error rather than a slow search. */
    public static final int MAX_QUERY_CHARS = 1000;
    /** Most distinct query terms used. */
    static final int MAX_QUERY_TERMS = 16;
    /** Runs longer than this (hashes, base64) are not useful terms. */
    static final int MAX_TERM_CHARS = 64;

    /** A term in more than 1/this of all messages is skipped when the query has a rarer one. */
    static final int STOP_FRACTION = 4;
    /** Most postings scored per term: bounds a search for a word nearly every message holds. */
    static final int MAX_POSTINGS = 50_000;
    /**
     * Document frequencies are counted up to this; a term at the cap is "common": its idf is taken at
     * the cap, and it is scored over its postings in the most recently active sessions only, at most
     * {@link #COMMON_POSTINGS} of them (a single very common word no longer scans all its postings).
     */
    static final int DF_CAP = 20_000;

    static final int COMMON_POSTINGS = 4_000;
    /** Sessions looked at per step of the recent-first walk for a common term. */
    private static final int SESSION_PAGE = 64;

    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final int SNIPPET_CHARS = 160;
    private static final int LEAD_CHARS = 50;

    private SessionText() {}

    /** A term and where it sits in the text, as char offsets [start, end). */
    record Span(String term, int start, int end) {}

    static List<Span> spans(String text) {
        List<Span> out = new ArrayList<>();
        if (text == null) return out;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i)))
                i += Character.charCount(text.codePointAt(i));
            if (i - start <= MAX_TERM_CHARS)
                out.add(new Span(text.substring(start, i).toLowerCase(Locale.ROOT), start, i));
        }
        return out;
    }

    /** The distinct terms a query searches for; an empty, wordless or oversized query is a user error. */
    public static List<String> queryTerms(String query) {
        if (query == null || query.isBlank())
            throw EngineException.invalid("empty search query: give one or more words to look for");
        if (query.length() > MAX_QUERY_CHARS)
            throw EngineException.invalid("search query of " + query.length() + " characters is too long (at most "
                    + MAX_QUERY_CHARS + "): search for a few distinctive words");
        List<String> terms = new LinkedHashSet<>(
                        spans(query).stream().map(Span::term).toList())
                .stream().limit(MAX_QUERY_TERMS).toList();
        if (terms.isEmpty())
            throw EngineException.invalid("query '" + query + "' has no words to search for; use letters or digits");
        return terms;
    }

    /** Indexes one stored message (called inside the transaction that inserts it). */
    static void index(Connection c, String sessionId, int seq, String text) throws SQLException {
        Map<String, Integer> tf = new TreeMap<>();
        for (Span s : spans(text)) tf.merge(s.term(), 1, Integer::sum);
        int total = tf.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) return;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO session_term(term, session_id, seq, tf, doc_terms) VALUES (?,?,?,?,?)")) {
            for (Map.Entry<String, Integer> e : tf.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, sessionId);
                ps.setInt(3, seq);
                ps.setInt(4, e.getValue());
                ps.setInt(5, total);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        stats(c, 1, total);
    }

    /**
     * Drops a session's postings (delete), found again from its messages' text by (term, session): the
     * primary key's prefix, so no second index over a table this size is needed. Keeps the corpus
     * statistics in step.
     */
    static void removeSession(Connection c, String sessionId) throws SQLException {
        long docs = 0;
        long terms = 0;
        java.util.Set<String> all = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT plain_text FROM session_message WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Span> spans = spans(rs.getString(1));
                    if (spans.isEmpty()) continue;
                    docs++;
                    terms += spans.size();
                    for (Span sp : spans) all.add(sp.term());
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM session_term WHERE term = ? AND session_id = ?")) {
            for (String t : all) {
                ps.setString(1, t);
                ps.setString(2, sessionId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        stats(c, -docs, -terms);
    }

    private static void stats(Connection c, long docs, long terms) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE session_text_stats SET docs = docs + ?, terms = terms + ? WHERE id = 1")) {
            ps.setLong(1, docs);
            ps.setLong(2, terms);
            ps.executeUpdate();
        }
    }

    /** One scored message. */
    record Scored(String sessionId, int seq, double score) {}

    /**
     * BM25 over the postings of each query term, restricted by {@code where} (an SQL condition on the
     * session row {@code s}, with its {@code args}); the best {@code limit} messages, best first.
     */
    static List<Scored> rank(Connection c, List<String> terms, String where, List<Object> args, int limit)
            throws SQLException {
        long n;
        double avg;
        try (PreparedStatement ps = c.prepareStatement("SELECT docs, terms FROM session_text_stats WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            n = Math.max(1, rs.getLong(1));
            avg = Math.max(1, (double) rs.getLong(2) / n);
        }
        Map<String, double[]> scores = new java.util.HashMap<>();
        // document frequency of each term first: very common terms are skipped when rarer ones exist
        Map<String, Long> dfs = new java.util.LinkedHashMap<>();
        for (String term : terms) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM session_term WHERE term = ? LIMIT " + DF_CAP + ")")) {
                ps.setString(1, term);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) dfs.put(term, rs.getLong(1));
                }
            }
        }
        boolean hasRare = dfs.values().stream().anyMatch(df -> df <= n / STOP_FRACTION && df < DF_CAP);
        for (var t : dfs.entrySet()) {
            long df = t.getValue();
            boolean common = df > n / STOP_FRACTION || df >= DF_CAP;
            if (hasRare && common) continue; // adds next to nothing to the ranking, costs the most
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            if (common) {
                recentPostings(c, t.getKey(), where, args, (sid, seq, tf, dl) -> {
                    double s = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avg));
                    scores.computeIfAbsent(sid + "\0" + seq, k -> new double[1])[0] += s;
                });
                continue;
            }
            // no join when nothing narrows the scope: a posting alone carries what BM25 needs
            String sql = where.isEmpty()
                    ? "SELECT t.session_id, t.seq, t.tf, t.doc_terms FROM session_term t WHERE t.term = ?"
                    : "SELECT t.session_id, t.seq, t.tf, t.doc_terms FROM session_term t JOIN session s"
                            + " ON s.id = t.session_id WHERE t.term = ?" + where;
            try (PreparedStatement ps = c.prepareStatement(sql + " LIMIT " + MAX_POSTINGS)) {
                ps.setString(1, t.getKey());
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 2, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int tf = rs.getInt(3);
                        double s = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * rs.getInt(4) / avg));
                        String key = rs.getString(1) + "\0" + rs.getInt(2);
                        scores.computeIfAbsent(key, k -> new double[1])[0] += s;
                    }
                }
            }
        }
        List<Scored> out = new ArrayList<>();
        for (var e : scores.entrySet()) {
            String[] k = e.getKey().split("\0", 2);
            out.add(new Scored(k[0], Integer.parseInt(k[1]), e.getValue()[0]));
        }
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** One posting: message {@code seq} of session {@code sid} holds the term {@code tf} times in {@code dl} terms. */
    interface Posting {
        void accept(String sid, int seq, int tf, int dl);
    }

    /**
     * The postings of a common term in the most recently active sessions of the scope, newest session
     * first, until {@link #COMMON_POSTINGS} are read: a walk down the sessions' recency index with one
     * primary-key range read per session, so the cost is bounded whatever the term's frequency.
     */
    static void recentPostings(Connection c, String term, String where, List<Object> args, Posting sink)
            throws SQLException {
        int read = 0;
        java.sql.Timestamp before = null;
        String lastId = null;
        while (read < COMMON_POSTINGS) {
            // 1) the next page of sessions, newest activity first (keyset paging on updated_at, id)
            List<String> ids = new ArrayList<>();
            String page = "SELECT s.id, s.updated_at FROM session s WHERE 1 = 1" + where
                    + (before == null ? "" : " AND (s.updated_at < ? OR (s.updated_at = ? AND s.id < ?))")
                    + " ORDER BY s.updated_at DESC, s.id DESC LIMIT " + SESSION_PAGE;
            try (PreparedStatement ps = c.prepareStatement(page)) {
                int i = 1;
                for (Object a : args) ps.setObject(i++, a);
                if (before != null) {
                    ps.setTimestamp(i++, before);
                    ps.setTimestamp(i++, before);
                    ps.setString(i, lastId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        before = rs.getTimestamp(2);
                        lastId = rs.getString(1);
                    }
                }
            }
            if (ids.isEmpty()) return;
            // 2) the term's postings in those sessions
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT session_id, seq, tf, doc_terms FROM session_term WHERE term = ? AND session_id = ?")) {
                for (String id : ids) {
                    ps.setString(1, term);
                    ps.setString(2, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sink.accept(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
                            read++;
                        }
                    }
                    if (read >= COMMON_POSTINGS) return;
                }
            }
            if (ids.size() < SESSION_PAGE) return;
        }
    }

    /**
     * About {@value #SNIPPET_CHARS} characters of {@code text} around the first matched term, each match
     * in [brackets], line breaks flattened; the head of the text when nothing matches.
     */
    static String snippet(String text, Set<String> wanted) {
        if (text == null || text.isEmpty()) return "";
        List<Span> spans = spans(text);
        int first = -1;
        for (Span s : spans) {
            if (wanted.contains(s.term())) {
                first = s.start();
                break;
            }
        }
        int from = first < 0 ? 0 : Math.max(0, first - LEAD_CHARS);
        int to = Math.min(text.length(), from + SNIPPET_CHARS);
        StringBuilder sb = new StringBuilder();
        if (from > 0) sb.append('…');
        int at = from;
        for (Span s : spans) {
            if (s.start() < from || s.end() > to || !wanted.contains(s.term())) continue;
            sb.append(text, at, s.start())
                    .append('[')
                    .append(text, s.start(), s.end())
                    .append(']');
            at = s.end();
        }
        sb.append(text, at, to);
        if (to < text.length()) sb.append('…');
        return sb.toString().replaceAll("\\s+", " ").strip();
    }
}
