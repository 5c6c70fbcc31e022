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
     * The best {@code limit} messages by BM25 over the query's terms, restricted by {@code where} (an SQL
     * condition on the session row {@code s}, with its {@code args}), best first: see {@link SessionRank}.
     */
    static List<Scored> rank(Connection c, List<String> terms, String where, List<Object> args, int limit)
            throws SQLException {
        return SessionRank.rank(c, terms, where, args, limit, SessionRank.Tuning.DEFAULT);
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
