package dev.dispatch.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One common term's postings in impact order — term frequency descending, then message length
 * ascending (the {@code session_term_impact} index) — read a page at a time (pages double), with the
 * most any posting not yet read can add to a score ({@link #bound}). {@link SessionRank} stops reading
 * once those bounds fall to its k-th best score, so a word in most messages costs about a page.
 */
final class ImpactCursor {
    private static final int MAX_PAGE = 4096;

    /** One posting: the message, its term frequency, its length in terms. */
    record Posting(SessionRank.Doc doc, int tf, int dl) {}

    private final Connection c;
    private final SessionRank.Term term;
    private final SessionRank.Bm25 bm25;
    private final String where;
    private final List<Object> args;
    private final int budget;
    private int level;
    private int nextLevel;
    private int offset;
    private int pageSize;
    private boolean levelDrained;
    private final List<Posting> page = new ArrayList<>();
    private int at;
    private int read;

    ImpactCursor(
            Connection c,
            SessionRank.Term term,
            SessionRank.Bm25 bm25,
            String where,
            List<Object> args,
            SessionRank.Tuning tuning)
            throws SQLException {
        this.c = c;
        this.term = term;
        this.bm25 = bm25;
        this.where = where;
        this.args = args;
        this.budget = tuning.budget();
        this.pageSize = tuning.firstPage();
        this.level = levelBelow(c, term.term(), Integer.MAX_VALUE);
        this.nextLevel = level == 0 ? 0 : levelBelow(c, term.term(), level);
    }

    SessionRank.Term term() {
        return term;
    }

    /** The most a posting not yet read adds to a score; 0 when none is left (or the budget is spent). */
    double bound() throws SQLException {
        Posting p = peek();
        if (p == null) return 0;
        double here = bm25.weight(level, p.dl());
        double below = nextLevel == 0 ? 0 : bm25.weight(nextLevel, 1);
        return term.idf() * Math.max(here, below);
    }

    /** The next posting in impact order, or null when none is left. */
    Posting next() throws SQLException {
        Posting p = peek();
        if (p != null) {
            at++;
            read++;
        }
        return p;
    }

    private Posting peek() throws SQLException {
        while (level > 0 && read < budget) {
            if (at < page.size()) return page.get(at);
            if (!levelDrained) {
                load();
                continue;
            }
            // the next level down: a lower term frequency, lengths from the shortest again
            level = nextLevel;
            nextLevel = level == 0 ? 0 : levelBelow(c, term.term(), level);
            offset = 0;
            levelDrained = false;
            page.clear();
            at = 0;
        }
        return null;
    }

    private void load() throws SQLException {
        String sql = where.isEmpty()
                ? "SELECT t.session_id, t.seq, t.doc_terms FROM session_term t WHERE t.term = ? AND t.tf = ?"
                : "SELECT t.session_id, t.seq, t.doc_terms FROM session_term t JOIN session s ON s.id = t.session_id"
                        + " WHERE t.term = ? AND t.tf = ?" + where;
        page.clear();
        at = 0;
        int size = Math.min(pageSize, budget - read);
        try (PreparedStatement ps = c.prepareStatement(
                sql + " ORDER BY t.term, t.tf DESC, t.doc_terms LIMIT " + size + " OFFSET " + offset)) {
            ps.setString(1, term.term());
            ps.setInt(2, level);
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 3, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    page.add(new Posting(new SessionRank.Doc(rs.getString(1), rs.getInt(2)), level, rs.getInt(3)));
            }
        }
        offset += page.size();
        if (page.size() < size) levelDrained = true;
        pageSize = Math.min(MAX_PAGE, pageSize * 2);
    }

    /** The largest term frequency of {@code term} below {@code tf}, or 0 when there is none. */
    static int levelBelow(Connection c, String term, int tf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tf FROM session_term WHERE term = ? AND tf < ? ORDER BY term, tf DESC LIMIT 1")) {
            ps.setString(1, term);
            ps.setInt(2, tf);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
