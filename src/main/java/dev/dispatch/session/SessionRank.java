package dev.dispatch.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The best {@code k} messages for a query by BM25, exactly, without reading every posting of a common
 * word. Rare terms (fewer than {@link Tuning#dfCap} postings) are scored over all their postings. Common
 * terms are never scanned: each has an upper bound (its idf at its largest term frequency in a one-word
 * message), and (MaxScore) a message found through the rare terms gets the common terms' exact share by
 * primary-key lookups only while its rare score plus those bounds can still reach the k-th best; messages
 * holding common terms only are read (threshold algorithm) in each term's impact order — term frequency
 * descending, message length ascending, the {@code session_term_impact} index — until the bounds of
 * what is left unread fall to the k-th best score. Ties at the k-th score may resolve either way.
 * Bounded in time: at most {@link Tuning#budget} postings are read per common term.
 */
final class SessionRank {
    static final double K1 = 1.2;
    static final double B = 0.75;

    /**
     * {@code dfCap}: document frequencies are counted up to this (a term at the cap is common, its idf
     * taken at the cap); {@code budget}: most postings read per term; {@code firstPage}: the first page
     * of an impact-ordered read (pages double).
     */
    record Tuning(int dfCap, int budget, int firstPage) {
        static final Tuning DEFAULT = new Tuning(20_000, 50_000, 64);
    }

    private SessionRank() {}

    /** A message: session and sequence number. */
    record Doc(String sessionId, int seq) {}

    /** A query term with its idf and the most one posting of it can add to a score. */
    record Term(String term, double idf, double bound, boolean rare) {}

    static List<SessionText.Scored> rank(
            Connection c, List<String> terms, String where, List<Object> args, int limit, Tuning tuning)
            throws SQLException {
        long n;
        double avg;
        try (PreparedStatement ps = c.prepareStatement("SELECT docs, terms FROM session_text_stats WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            n = Math.max(1, rs.getLong(1));
            avg = Math.max(1, (double) rs.getLong(2) / n);
        }
        Bm25 bm25 = new Bm25(avg);
        // 1) each term's document frequency (capped), idf and upper bound
        List<Term> rare = new ArrayList<>();
        List<Term> common = new ArrayList<>();
        for (String term : terms) {
            long df = count(c, term, tuning.dfCap());
            if (df == 0) continue;
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            Term t = new Term(term, idf, idf * bm25.weight(maxTf(c, term), 1), df < tuning.dfCap());
            (t.rare() ? rare : common).add(t);
        }
        TopK top = new TopK(limit);
        // 2) every message holding a rare term, scored by its rare terms
        Map<Doc, double[]> partial = new HashMap<>();
        for (Term t : rare) {
            String sql = where.isEmpty()
                    ? "SELECT t.session_id, t.seq, t.tf, t.doc_terms FROM session_term t WHERE t.term = ?"
                    : "SELECT t.session_id, t.seq, t.tf, t.doc_terms FROM session_term t JOIN session s"
                            + " ON s.id = t.session_id WHERE t.term = ?" + where;
            try (PreparedStatement ps = c.prepareStatement(sql + " LIMIT " + tuning.budget())) {
                ps.setString(1, t.term());
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 2, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double s = t.idf() * bm25.weight(rs.getInt(3), rs.getInt(4));
                        partial.computeIfAbsent(new Doc(rs.getString(1), rs.getInt(2)), d -> new double[1])[0] += s;
                    }
                }
            }
        }
        // 3) MaxScore: the common terms' share, best rare score first, while it can still matter
        double commonBound = common.stream().mapToDouble(Term::bound).sum();
        List<Map.Entry<Doc, double[]>> byPartial = new ArrayList<>(partial.entrySet());
        byPartial.sort(Comparator.comparingDouble((Map.Entry<Doc, double[]> e) -> e.getValue()[0])
                .reversed());
        Lookup lookup = new Lookup(c, bm25);
        for (var e : byPartial) {
            double s = e.getValue()[0];
            if (top.full() && s + commonBound <= top.threshold()) break;
            for (Term t : common) s += t.idf() * lookup.weight(t.term(), e.getKey());
            top.offer(e.getKey(), s);
        }
        // 4) messages holding only common terms, in impact order, until what is unread cannot enter
        if (!common.isEmpty()) {
            List<ImpactCursor> cursors = new ArrayList<>();
            for (Term t : common) cursors.add(new ImpactCursor(c, t, bm25, where, args, tuning));
            Set<Doc> seen = new HashSet<>();
            while (true) {
                double unread = 0;
                ImpactCursor best = null;
                for (ImpactCursor cur : cursors) {
                    double b = cur.bound();
                    unread += b;
                    if (b > 0 && (best == null || b > best.bound())) best = cur;
                }
                if (best == null || top.full() && unread <= top.threshold()) break;
                ImpactCursor.Posting p = best.next();
                if (p == null || partial.containsKey(p.doc()) || !seen.add(p.doc())) continue;
                double s = best.term().idf() * bm25.weight(p.tf(), p.dl());
                for (Term t : common) if (t != best.term()) s += t.idf() * lookup.weight(t.term(), p.doc());
                top.offer(p.doc(), s);
            }
        }
        return top.best();
    }

    private static long count(Connection c, String term, int cap) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM session_term WHERE term = ? LIMIT " + cap + ") x")) {
            ps.setString(1, term);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The largest term frequency of {@code term}, from the first entry of its impact order. */
    private static int maxTf(Connection c, String term) throws SQLException {
        return ImpactCursor.levelBelow(c, term, Integer.MAX_VALUE);
    }

    /** BM25's per-posting weight (times the term's idf gives its score): rises with tf, falls with length. */
    record Bm25(double avg) {
        double weight(int tf, int dl) {
            return tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avg));
        }
    }

    /** Point reads of one posting by primary key (the other terms' share of a message's score). */
    private static final class Lookup {
        private final PreparedStatement ps;
        private final Bm25 bm25;

        Lookup(Connection c, Bm25 bm25) throws SQLException {
            this.ps = c.prepareStatement(
                    "SELECT tf, doc_terms FROM session_term WHERE term = ? AND session_id = ? AND seq = ?");
            this.bm25 = bm25;
        }

        double weight(String term, Doc d) throws SQLException {
            ps.setString(1, term);
            ps.setString(2, d.sessionId());
            ps.setInt(3, d.seq());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? bm25.weight(rs.getInt(1), rs.getInt(2)) : 0;
            }
        }
    }

    /** The best {@code k} scores seen, worst on top of a min-heap. */
    private static final class TopK {
        private final int k;
        private final PriorityQueue<SessionText.Scored> heap =
                new PriorityQueue<>(Comparator.comparingDouble(SessionText.Scored::score));

        TopK(int k) {
            this.k = k;
        }

        boolean full() {
            return heap.size() >= k;
        }

        /** The k-th best score so far (the bar a new message must pass once {@link #full}). */
        double threshold() {
            return heap.isEmpty() ? 0 : heap.peek().score();
        }

        void offer(Doc d, double score) {
            if (full() && score <= threshold()) return;
            heap.add(new SessionText.Scored(d.sessionId(), d.seq(), score));
            if (heap.size() > k) heap.poll();
        }

        List<SessionText.Scored> best() {
            List<SessionText.Scored> out = new ArrayList<>(heap);
            out.sort(Comparator.comparingDouble(SessionText.Scored::score).reversed());
            return out;
        }
    }
}
