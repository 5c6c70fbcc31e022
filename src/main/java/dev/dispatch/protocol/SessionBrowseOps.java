package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Ops over recorded sessions (issue 23): list, show, search, rename, delete, fork and resume. Session
 * ids are global; {@code space} (the caller's project space, from the route) scopes list and search
 * unless {@code all} is set. Dates ({@code since}, {@code until}) are ISO dates ({@code 2026-12-01}),
 * instants, or ages ({@code 7d}, {@code 12h}); message ids are {@code SESSION:SEQ} or a bare sequence
 * number of the session named.
 */
public final class SessionBrowseOps {
    private SessionBrowseOps() {}

    /** Sessions, newest activity first; {@code project} (a path) narrows to that directory, else the space. */
    public record ListSessions(String space, String project, boolean all, String since, String until, Integer limit)
            implements Op<SessionList> {}

    public record SessionList(List<SessionInfo> sessions) {}

    /** One session's metadata, all from indexed columns (never parsed out of the transcript). */
    public record SessionInfo(
            String id,
            String space,
            String projectRoot,
            String title,
            String model,
            String provider,
            String parentSessionId,
            Integer forkedAtSeq,
            String status,
            Instant createdAt,
            Instant updatedAt,
            int messageCount,
            long inputTokens,
            long outputTokens,
            double costUsd) {}

    /** A session's transcript, its child agents' sessions as a tree, and its cost by model and key. */
    public record ShowSession(String space, String sessionId) implements Op<SessionDetail> {}

    public record SessionDetail(
            SessionInfo session, List<MessageView> messages, List<SessionDetail> children, List<UsageLine> usage) {}

    /** One stored message: {@code id} is {@code SESSION:SEQ}; {@code content} the stored blocks (JSON). */
    public record MessageView(
            String id, int seq, String agentId, String role, String text, String content, Instant at) {}

    /** Tokens and cost of one (model, key) pair; {@code keyId} null for calls made without a key id. */
    public record UsageLine(String model, String keyId, long inputTokens, long outputTokens, double costUsd) {}

    /** Ranked full-text search over every agent's messages; snippets show matches in [brackets]. */
    public record SearchSessions(
            String space, String q, String project, boolean all, String since, String until, Integer limit)
            implements Op<SessionSearchResult> {}

    public record SessionSearchResult(String query, List<String> terms, List<SessionHit> hits) {}

    public record SessionHit(
            String sessionId,
            String title,
            String projectRoot,
            String messageId,
            String role,
            String agentId,
            double score,
            String snippet,
            Instant at) {}

    /** Sets a session's title (the one column list, show and resume all read). */
    public record RenameSession(String space, String sessionId, String title) implements Op<SessionInfo> {}

    /** Deletes a session, its messages and its child agents' sessions; forks of it stay. */
    public record DeleteSession(String space, String sessionId) implements Op<Ack> {}

    /** A new session holding messages 1..{@code at} of the original; the original is untouched. */
    public record ForkSession(String space, String sessionId, String at) implements Op<SessionInfo> {}

    /**
     * Checks a session can be resumed here (not live in a running agent) and answers its transcript;
     * the face then continues it by starting an agent with that session id.
     */
    public record ResumeSession(String space, String sessionId) implements Op<SessionDetail> {}
}
