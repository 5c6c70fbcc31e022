package dev.dispatch.agent;

import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.provider.ContentBlock;
import dev.dispatch.provider.Message;
import dev.dispatch.provider.ModelRequest;
import dev.dispatch.session.SessionNotes;
import dev.dispatch.session.StoredMessage;
import dev.dispatch.session.TaskLists;
import java.util.ArrayList;
import java.util.List;

/**
 * Compaction (issue 23): when a conversation nears its model's context window — or on demand — the
 * older turns are summarised by the model into one user message that also carries the session's task
 * list, and only that summary plus the most recent messages are sent from then on. The original
 * messages stay in the store (show, search, export); the compaction itself is stored, so a resume
 * starts from the same compacted context.
 *
 * <p>Where it cuts: at an assistant message, so the kept tail starts with the model's turn and the
 * summary (a user message) precedes it — alternation stays valid and no tool result loses its call.
 */
public final class Compactor {
    /** How many of the latest messages stay verbatim (at least); the cut moves forward to an assistant message. */
    static final int KEEP_MESSAGES = 6;
    /** Summaries are asked for from at most this many characters of transcript (the newest part). */
    static final int MAX_TRANSCRIPT_CHARS = 400_000;

    static final String HEADER = "[Summary of the earlier conversation, compacted by Dispatch; the original"
            + " messages stay in the session store]";

    private static final String INSTRUCTIONS = "You are compacting a coding agent's conversation so it can"
            + " continue within its context window. Summarise the transcript below for the agent itself:"
            + " the user's goals and instructions (verbatim where they are constraints), decisions made,"
            + " files read and changed, commands run and their outcomes, open problems and next steps."
            + " Be complete but terse; answer with the summary only.";

    private final dev.dispatch.session.Sessions sessions;
    private final SessionNotes notes;
    private final TaskLists tasks;

    public Compactor(dev.dispatch.session.Sessions sessions, SessionNotes notes, TaskLists tasks) {
        this.sessions = sessions;
        this.notes = notes;
        this.tasks = tasks;
    }

    /** What a compaction did. */
    public record Result(
            String sessionId, int compactedMessages, int keptMessages, long tokensBefore, long tokensAfter) {
        public String describe() {
            return "compacted " + compactedMessages + " older message(s) into a summary and kept the last "
                    + keptMessages + " (about " + tokensBefore + " -> " + tokensAfter + " tokens)";
        }
    }

    /** Where history would be cut: the index of the first kept message, or -1 when too short to compact. */
    static int cut(List<Message> history) {
        if (history.size() <= KEEP_MESSAGES) return -1;
        for (int i = history.size() - KEEP_MESSAGES; i < history.size(); i++) {
            if (history.get(i).role() == Message.Role.ASSISTANT) return i;
        }
        return -1;
    }

    /**
     * Compacts {@code history} in place (on the agent's own thread, or a session no agent holds): asks
     * {@code model} for the summary, stores it, replaces the older messages with it.
     */
    public Result compact(
            String sessionId, List<Message> history, ModelChoice model, String system, Cancellation cancellation) {
        // 1) where to cut; what the stored transcript's last compacted message is
        int cut = cut(history);
        if (cut < 1)
            throw EngineException.invalid("session " + sessionId + " is too short to compact (" + history.size()
                    + " message(s) in its context; the last " + KEEP_MESSAGES + " are always kept)");
        List<Message> old = history.subList(0, cut);
        List<Message> kept = new ArrayList<>(history.subList(cut, history.size()));
        int uptoSeq = notes.lastSeq(sessionId) - kept.size();
        long before = Conversation.estimateTokens(history, system);
        // 2) the summary, from the model, outside the conversation (no events: faces do not see it stream)
        String summary = summarize(sessionId, model, transcript(old), cancellation);
        String text = summaryMessage(summary, sessionId);
        // 3) persist first, then swap the context
        Result result = new Result(
                sessionId,
                old.size(),
                kept.size(),
                before,
                Conversation.estimateTokens(kept, system) + text.length() / 4);
        notes.compacted(sessionId, Math.max(0, uptoSeq), text, result.describe());
        history.clear();
        history.add(Message.user(List.of(new ContentBlock.Text(text))));
        history.addAll(kept);
        return result;
    }

    /** The context a stored session continues from: its latest compaction's summary, then the later messages. */
    public List<Message> restore(String sessionId) {
        var c = notes.latestCompaction(sessionId);
        List<Message> out = new ArrayList<>();
        int from = 0;
        if (c.isPresent()) {
            out.add(Message.user(List.of(new ContentBlock.Text(c.get().summary()))));
            from = c.get().uptoSeq();
        }
        for (StoredMessage m : sessions.messages(sessionId)) {
            if (m.seq() > from) out.add(Conversation.fromJson(m.role(), m.contentJson()));
        }
        return out;
    }

    private String summaryMessage(String summary, String sessionId) {
        StringBuilder sb = new StringBuilder(HEADER).append("\n\n").append(summary.strip());
        List<TaskLists.Item> items = tasks == null ? List.of() : tasks.list(sessionId);
        if (!items.isEmpty()) {
            sb.append("\n\nCurrent task list (kept through compaction):");
            for (TaskLists.Item i : items)
                sb.append("\n- [")
                        .append(i.status().name().toLowerCase(java.util.Locale.ROOT))
                        .append("] ")
                        .append(i.id())
                        .append(": ")
                        .append(i.title());
        }
        return sb.toString();
    }

    private static String transcript(List<Message> old) {
        StringBuilder sb = new StringBuilder();
        for (Message m : old) {
            sb.append(m.role() == Message.Role.ASSISTANT ? "ASSISTANT: " : "USER: ")
                    .append(Conversation.plainText(m))
                    .append("\n\n");
        }
        return sb.length() > MAX_TRANSCRIPT_CHARS
                ? "[…earlier part omitted…]\n" + sb.substring(sb.length() - MAX_TRANSCRIPT_CHARS)
                : sb.toString();
    }

    private String summarize(String sessionId, ModelChoice model, String transcript, Cancellation cancellation) {
        ModelRequest request = ModelRequest.of(
                        INSTRUCTIONS,
                        List.of(Message.user(
                                List.of(new ContentBlock.Text("Transcript to summarise:\n\n" + transcript)))),
                        List.of())
                .withModel(model.modelName());
        AssistantTurn t = new StreamAssembler(e -> {}).stream("compactor", model.provider(), request, cancellation);
        var u = t.usage();
        if (u.totalTokens() > 0) // the summary is paid for like any call: it counts in the session's cost
        sessions.recordUsage(
                    sessionId,
                    new dev.dispatch.session.UsageRow(
                            null,
                            model.id(),
                            model.provider().settings().apiKey().id(),
                            u.inputTokens(),
                            u.outputTokens(),
                            u.cacheReadTokens(),
                            u.cacheWriteTokens(),
                            model.pricing().cost(u),
                            model.providerName()));
        if (t.failed())
            throw EngineException.conflict("compaction failed: model '" + model.id() + "' could not summarise: "
                    + t.failure().failure().message() + "; nothing was changed");
        if (t.text().isBlank())
            throw EngineException.conflict(
                    "compaction failed: model '" + model.id() + "' answered an empty summary; nothing was changed");
        return t.text();
    }
}
