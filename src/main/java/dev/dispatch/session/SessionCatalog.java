package dev.dispatch.session;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.SessionBrowseOps.MessageView;
import dev.dispatch.protocol.SessionBrowseOps.SessionDetail;
import dev.dispatch.protocol.SessionBrowseOps.SessionHit;
import dev.dispatch.protocol.SessionBrowseOps.SessionInfo;
import dev.dispatch.protocol.SessionBrowseOps.SessionSearchResult;
import dev.dispatch.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Browsing recorded sessions: list, show (with the tree of child agents' sessions), search, rename,
 * delete and fork. Every answer about a session's title, project or counts comes from its row's
 * columns, so a rename is seen at once by list, show, search and resume alike.
 */
public final class SessionCatalog {
    /** Top-level sessions: not a child agent's (a fork has a parent too, and its fork point). */
    private static final String TOP = " AND (s.parent_session_id IS NULL OR s.forked_at_seq IS NOT NULL)";

    public static final int MAX_TITLE_CHARS = 500;
    public static final int MAX_LIMIT = 1000;

    private final Store store;
    private final Sessions sessions;
    private final InstantSource clock;
    private final SessionNotes notes;
    private final SessionCosts costs;

    public SessionCatalog(Store store, Sessions sessions, InstantSource clock) {
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
        this.notes = new SessionNotes(store, clock);
        this.costs = new SessionCosts(store);
        this.snapshots = new AgentSnapshots(store, clock);
        this.taskLists = new TaskLists(store, clock);
    }

    private final AgentSnapshots snapshots;
    private final TaskLists taskLists;

    /** Tokens and USD of a session and its child agents' sessions, by provider and by model. */
    public dev.dispatch.protocol.SessionBrowseOps.CostReport cost(String sessionId) {
        SessionRecord r = sessions.require(sessionId);
        List<String> ids = new ArrayList<>();
        collect(sessionId, ids, 0);
        return costs.report(r, ids);
    }

    /** Which sessions a list or search covers: one project, one space, or all; a time window. */
    public record Scope(String space, String projectRoot, boolean all, Instant since, Instant until) {
        String where(List<Object> args) {
            StringBuilder sb = new StringBuilder();
            if (!all) {
                if (projectRoot != null) {
                    sb.append(" AND s.project_root = ?");
                    args.add(projectRoot);
                } else {
                    sb.append(" AND s.space = ?");
                    args.add(space);
                }
            }
            if (since != null) {
                sb.append(" AND s.updated_at >= ?");
                args.add(Timestamp.from(since));
            }
            if (until != null) {
                sb.append(" AND s.created_at < ?");
                args.add(Timestamp.from(until));
            }
            return sb.toString();
        }
    }

    public List<SessionInfo> list(Scope scope, int limit) {
        int n = limit(limit);
        return store.read(c -> {
            List<Object> args = new ArrayList<>();
            String sql = "SELECT * FROM session s WHERE 1 = 1" + TOP + scope.where(args)
                    + " ORDER BY s.updated_at DESC, s.id LIMIT " + n;
            List<SessionInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(info(Sessions.record(rs)));
                }
            }
            return out;
        });
    }

    /** The transcript and the tree of child agents' sessions (children of children too). */
    public SessionDetail show(String sessionId) {
        return show(sessionId, java.util.Set.of());
    }

    /** As {@link #show(String)}, marking the agents in {@code liveAgents} (ids) as running now. */
    public SessionDetail show(String sessionId, java.util.Set<String> liveAgents) {
        SessionRecord r = sessions.require(sessionId);
        return detail(r, 0, liveAgents);
    }

    private SessionDetail detail(SessionRecord r, int depth, java.util.Set<String> live) {
        List<MessageView> messages = new ArrayList<>();
        for (StoredMessage m : sessions.messages(r.id()))
            messages.add(new MessageView(
                    r.id() + ":" + m.seq(),
                    m.seq(),
                    m.agentId(),
                    m.role(),
                    m.plainText(),
                    m.contentJson(),
                    m.createdAt()));
        List<SessionDetail> children = new ArrayList<>();
        if (depth < 16) for (SessionRecord child : children(r.id())) children.add(detail(child, depth + 1, live));
        List<dev.dispatch.protocol.SessionBrowseOps.NoteView> noted = new ArrayList<>();
        for (SessionNotes.Note n : notes.list(r.id()))
            noted.add(new dev.dispatch.protocol.SessionBrowseOps.NoteView(n.kind(), n.text(), n.at()));
        return new SessionDetail(info(r), messages, children, costs.usage(r.id(), false), noted, agents(r.id(), live));
    }

    /** The session's agents as last stored, each with its task list (the session's task items). */
    private List<dev.dispatch.protocol.SessionBrowseOps.AgentView> agents(
            String sessionId, java.util.Set<String> live) {
        List<dev.dispatch.protocol.SessionBrowseOps.AgentView> out = new ArrayList<>();
        List<AgentSnapshots.Saved> saved = snapshots.list(sessionId);
        if (saved.isEmpty()) return out;
        List<dev.dispatch.protocol.SessionBrowseOps.TaskView> tasks = new ArrayList<>();
        for (TaskLists.Item i : taskLists.list(sessionId))
            tasks.add(new dev.dispatch.protocol.SessionBrowseOps.TaskView(
                    i.id(), i.title(), i.status().name().toLowerCase(java.util.Locale.ROOT)));
        for (AgentSnapshots.Saved a : saved)
            out.add(new dev.dispatch.protocol.SessionBrowseOps.AgentView(
                    a.agentId(),
                    a.parentAgentId(),
                    a.name(),
                    a.template(),
                    a.model(),
                    a.provider(),
                    a.detached(),
                    a.grants(),
                    a.skills(),
                    a.status(),
                    a.detail(),
                    live.contains(a.agentId()),
                    a.startedAt(),
                    a.updatedAt(),
                    tasks));
        return out;
    }

    private List<SessionRecord> children(String sessionId) {
        return store.read(c -> {
            List<SessionRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM session WHERE parent_session_id = ?"
                    + " AND forked_at_seq IS NULL ORDER BY created_at, id")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(Sessions.record(rs));
                }
            }
            return out;
        });
    }

    /** Ranked messages of the sessions in {@code scope} (child agents' included), with snippets. */
    public SessionSearchResult search(String query, Scope scope, int limit) {
        List<String> terms = SessionText.queryTerms(query);
        int n = limit(limit);
        return store.read(c -> {
            List<Object> args = new ArrayList<>();
            String where = scope.where(args);
            List<SessionHit> hits = new ArrayList<>();
            var wanted = new LinkedHashSet<>(terms);
            for (SessionText.Scored s : SessionText.rank(c, terms, where, args, n)) hits.add(hit(c, s, wanted));
            return new SessionSearchResult(query, terms, hits);
        });
    }

    private static SessionHit hit(Connection c, SessionText.Scored s, java.util.Set<String> wanted)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT m.role, m.agent_id, m.plain_text, m.created_at,"
                + " s.title, s.project_root FROM session_message m JOIN session s ON s.id = m.session_id"
                + " WHERE m.session_id = ? AND m.seq = ?")) {
            ps.setString(1, s.sessionId());
            ps.setInt(2, s.seq());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SessionHit(
                        s.sessionId(),
                        rs.getString(5),
                        rs.getString(6),
                        s.sessionId() + ":" + s.seq(),
                        rs.getString(1),
                        rs.getString(2),
                        Math.round(s.score() * 1000) / 1000.0,
                        SessionText.snippet(rs.getString(3), wanted),
                        rs.getTimestamp(4).toInstant());
            }
        }
    }

    public SessionInfo rename(String sessionId, String title) {
        if (title == null || title.isBlank())
            throw EngineException.invalid("empty title for " + sessionId + ": give the new title as text");
        String t = title.strip().replaceAll("\\s+", " ");
        if (t.length() > MAX_TITLE_CHARS)
            throw EngineException.invalid(
                    "title of " + t.length() + " characters is too long (at most " + MAX_TITLE_CHARS + ")");
        sessions.require(sessionId);
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE session SET title = ? WHERE id = ?")) {
                ps.setString(1, t);
                ps.setString(2, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
        return info(sessions.require(sessionId));
    }

    /** Deletes the session and its child agents' sessions in one transaction; forks of it stay. */
    public int delete(String sessionId) {
        sessions.require(sessionId);
        List<String> ids = new ArrayList<>();
        collect(sessionId, ids, 0);
        store.write(c -> {
            for (String id : ids) {
                SessionText.removeSession(c, id);
                for (String table : List.of(
                        "session_message",
                        "session_tool_call",
                        "session_usage",
                        "task_item",
                        "session_note",
                        "session_compaction",
                        "session_checkpoint",
                        "session_agent")) exec(c, "DELETE FROM " + table + " WHERE session_id = ?", id);
                exec(
                        c,
                        "UPDATE session SET parent_session_id = NULL WHERE parent_session_id = ?"
                                + " AND forked_at_seq IS NOT NULL",
                        id);
                exec(c, "DELETE FROM session WHERE id = ?", id);
            }
            return null;
        });
        return ids.size();
    }

    private void collect(String id, List<String> into, int depth) {
        into.add(id);
        if (depth < 16) for (SessionRecord child : children(id)) collect(child.id(), into, depth + 1);
    }

    /** Copies messages 1..{@code at} into a new session (same project and model); the original is untouched. */
    public SessionInfo fork(String sessionId, String at) {
        SessionRecord original = sessions.require(sessionId);
        int seq = messageSeq(sessionId, at);
        String id = Sessions.newId();
        Timestamp now = Timestamp.from(clock.instant());
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO session(id, space, project_root, title, model,"
                    + " provider, parent_session_id, forked_at_seq, status, created_at, updated_at, message_count)"
                    + " VALUES (?,?,?,?,?,?,?,?,'done',?,?,?)")) {
                String title = "fork of " + (original.title() == null ? sessionId : original.title());
                ps.setString(1, id);
                ps.setString(2, original.space());
                ps.setString(3, original.projectRoot());
                ps.setString(4, title.length() > MAX_TITLE_CHARS ? title.substring(0, MAX_TITLE_CHARS) : title);
                ps.setString(5, original.model());
                ps.setString(6, original.provider());
                ps.setString(7, sessionId);
                ps.setInt(8, seq);
                ps.setTimestamp(9, now);
                ps.setTimestamp(10, now);
                ps.setInt(11, seq);
                ps.executeUpdate();
            }
            List<StoredMessage> copied = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO session_message(session_id, seq, agent_id,"
                    + " role, content, plain_text, created_at) SELECT ?, seq, agent_id, role, content, plain_text,"
                    + " created_at FROM session_message WHERE session_id = ? AND seq <= ?")) {
                ps.setString(1, id);
                ps.setString(2, sessionId);
                ps.setInt(3, seq);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, plain_text FROM session_message WHERE session_id = ? ORDER BY seq")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        copied.add(new StoredMessage(rs.getInt(1), null, null, null, rs.getString(2), null));
                }
            }
            for (StoredMessage m : copied) SessionText.index(c, id, m.seq(), m.plainText());
            return null;
        });
        return info(sessions.require(id));
    }

    /**
     * The sequence number {@code at} names in {@code sessionId}: {@code N} or {@code SESSION:N}; a
     * message of another session, or one the session does not have, is a user error.
     */
    public int messageSeq(String sessionId, String at) {
        if (at == null || at.isBlank())
            throw EngineException.invalid("no message id: give --at MESSAGE_ID (as 'dispatch sessions show " + sessionId
                    + "' prints them, e.g. " + sessionId + ":3)");
        String s = at.strip();
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            String owner = s.substring(0, colon);
            if (!owner.equals(sessionId))
                throw EngineException.invalid("message '" + s + "' belongs to session '" + owner + "', not '"
                        + sessionId + "': fork the session the message is in");
            s = s.substring(colon + 1);
        }
        int seq;
        try {
            seq = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw EngineException.invalid(
                    "message id '" + at + "' is not SESSION:NUMBER or NUMBER (e.g. " + sessionId + ":3)");
        }
        int count = sessions.require(sessionId).messageCount();
        if (seq < 1 || seq > count)
            throw EngineException.notFound("session '" + sessionId + "' has no message " + seq + " (it has " + count
                    + (count == 1 ? " message" : " messages") + ")");
        return seq;
    }

    public static SessionInfo info(SessionRecord r) {
        return new SessionInfo(
                r.id(),
                r.space(),
                r.projectRoot(),
                r.title(),
                r.model(),
                r.provider(),
                r.parentSessionId(),
                r.forkedAtSeq(),
                r.status(),
                r.createdAt(),
                r.updatedAt(),
                r.messageCount(),
                r.inputTokens(),
                r.outputTokens(),
                r.costUsd() == null ? 0 : r.costUsd().doubleValue());
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT)
            throw EngineException.invalid("limit " + limit + " must be between 1 and " + MAX_LIMIT);
        return limit;
    }

    private static void exec(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args, int from) throws SQLException {
        for (int i = 0; i < args.size(); i++) ps.setObject(from + i, args.get(i));
    }
}
