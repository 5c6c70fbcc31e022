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

    /**
     * A session's transcript, its child agents' sessions as a tree, its cost by model and key, its
     * notes (model switches, compactions, undos) and the agents that worked in it.
     */
    public record ShowSession(String space, String sessionId) implements Op<SessionDetail> {}

    public record SessionDetail(
            SessionInfo session,
            List<MessageView> messages,
            List<SessionDetail> children,
            List<UsageLine> usage,
            List<NoteView> notes,
            List<AgentView> agents) {}

    /**
     * An agent that worked in the session, as last stored (it outlives its owner, kill -9 included):
     * {@code status} as it was last seen, {@code live} whether it runs in the answering owner now
     * (a stored {@code running} that is not live stopped with its owner), its task list's items.
     */
    public record AgentView(
            String agentId,
            String parentAgentId,
            String name,
            String template,
            String model,
            String provider,
            boolean detached,
            List<String> grants,
            List<String> skills,
            String status,
            String detail,
            boolean live,
            Instant startedAt,
            Instant updatedAt,
            List<TaskView> tasks) {}

    /** One item of an agent's task list. */
    public record TaskView(String id, String title, String status) {}

    /** Something that happened to a session besides its messages: {@code kind} model, compaction or undo. */
    public record NoteView(String kind, String text, Instant at) {}

    /** One stored message: {@code id} is {@code SESSION:SEQ}; {@code content} the stored blocks (JSON). */
    public record MessageView(
            String id, int seq, String agentId, String role, String text, String content, Instant at) {}

    /**
     * Tokens and cost of one (model, key) pair; {@code keyId} null for calls made without a key id;
     * {@code provider} the provider that served them (for calls recorded before providers were, the
     * session's provider).
     */
    public record UsageLine(
            String model, String keyId, long inputTokens, long outputTokens, double costUsd, String provider) {}

    /** Tokens and estimated USD of a session and its child agents' sessions, by provider and by model. */
    public record SessionCost(String space, String sessionId) implements Op<CostReport> {}

    /** {@code byProvider} rows have a null {@code model} and {@code keyId}; {@code byModel} rows carry all. */
    public record CostReport(
            String sessionId,
            String title,
            long inputTokens,
            long outputTokens,
            double costUsd,
            List<UsageLine> byProvider,
            List<UsageLine> byModel) {}

    /**
     * Summarises the older turns of a session into one message (the task list kept) so later calls send
     * the summary and the recent turns; the original messages stay for show, search and export. A
     * session a running agent holds is compacted on that agent's thread (refused while it works).
     */
    public record CompactSession(String space, String sessionId) implements Op<CompactResult> {}

    public record CompactResult(
            String sessionId,
            int compactedMessages,
            int keptMessages,
            long tokensBefore,
            long tokensAfter,
            String detail) {}

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
     * Restores the files the session's last turn changed through write_file/edit_file (before-images
     * from its turn checkpoint; a file the turn created is removed). Refused, naming the files, when one
     * changed on disk since that turn, unless {@code force}; refused while an agent works in the session.
     */
    public record UndoTurn(String space, String sessionId, boolean force) implements Op<UndoResult> {}

    public record UndoResult(String sessionId, int turn, List<String> restored, List<String> removed, String detail) {}

    /**
     * What the session changed through write_file/edit_file (turns not undone): each file's content
     * before the session first wrote it against the file on disk now, as one unified diff.
     */
    public record DiffSession(String space, String sessionId) implements Op<SessionDiff> {}

    public record SessionDiff(String sessionId, List<String> files, String diff) {}

    /**
     * Checks a session can be resumed here (not live in a running agent) and answers its transcript;
     * the face then continues it by starting an agent with that session id.
     */
    public record ResumeSession(String space, String sessionId) implements Op<SessionDetail> {}
}
