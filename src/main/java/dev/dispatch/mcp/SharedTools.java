package dev.dispatch.mcp;

import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.MessageOps;
import java.util.List;

/**
 * The tools for what agents share: locks ({@code lock_acquire|release}), messages ({@code
 * msg_send|inbox|ack}), knowledge ({@code kb_write|read|search}) and approvals ({@code
 * approval_request|wait|list}). {@code approval_wait} is the one tool without a CLI twin: it polls the
 * approval until the operator decides or its timeout passes.
 */
final class SharedTools {
    /** Longest single approval_wait: below the daemon's 60 s idle timeout, so an HTTP call is never cut. */
    static final int MAX_WAIT_SECONDS = 50;

    private static final long POLL_MILLIS = 250;

    private SharedTools() {}

    static List<Tool> all() {
        return List.of(
                new Tool(
                        "lock_acquire",
                        "Lock files or resources",
                        "Reserve resources or path globs (* and ? within a path component, ** across) before"
                                + " you change them. All or nothing: either every pattern is granted under one lock"
                                + " (keep its 'id' and fencing 'token' to release it) or none is and 'conflicts' say"
                                + " who holds what until when.",
                        new Schema()
                                .strings(
                                        "patterns",
                                        true,
                                        "Resources or globs, e.g. [\"src/api/**\", \"db-migrations\"].")
                                .agent("The agent taking the lock.")
                                .integer("ttl", false, "Seconds until it expires (default 300).")
                                .bool("shared", "Shared: compatible with other shared locks on overlapping paths.")
                                .str("task", false, "Tie the lock to a task id: released when the task ends.")
                                .space(),
                        false,
                        (a, c) -> {
                            Long ttl = a.longValue("ttl");
                            return c.submit(new LockOps.AcquireLock(
                                    c.space(a),
                                    c.actor(a, "agent"),
                                    a.strings("patterns"),
                                    ttl == null ? 300 : ttl,
                                    a.bool("shared") ? LockOps.Mode.shared : LockOps.Mode.exclusive,
                                    a.str("task")));
                        }),
                new Tool(
                        "lock_release",
                        "Release a lock",
                        "Release a lock you hold, with the fencing token lock_acquire returned.",
                        new Schema()
                                .str("lock_id", true, "The lock id, e.g. lock_1a2b….")
                                .integer(
                                        "token", true, "The lock's fencing token (\"token\" in lock_acquire's answer).")
                                .agent("The agent holding the lock.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new LockOps.ReleaseLock(
                                c.space(a), a.str("lock_id"), c.actor(a, "agent"), a.longValue("token")))),
                new Tool(
                        "msg_send",
                        "Send a message",
                        "Send a message to another agent, or to 'parent', 'children' or 'all' (everyone in the"
                                + " space but you). Set ack_required when you need to know it was read and acted on.",
                        new Schema()
                                .str("to", true, "An agent name, parent, children or all.")
                                .str("text", true, "The message (at most 64 KiB).")
                                .agent("The sending agent.")
                                .str("thread", false, "Thread to post in (default: a new thread).")
                                .choice("importance", List.of("low", "normal", "high"), "Default normal.")
                                .bool("ack_required", "Ask recipients to acknowledge it.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new MessageOps.SendMessage(
                                c.space(a),
                                c.actor(a, "agent"),
                                a.str("to"),
                                a.str("text"),
                                a.str("thread"),
                                importance(a.str("importance")),
                                a.bool("ack_required")))),
                new Tool(
                        "msg_inbox",
                        "Read your inbox",
                        "Messages sent to you, in sequence order; reading marks them read unless peek. Pass the"
                                + " returned 'cursor' as 'since' next time to get only newer messages.",
                        new Schema()
                                .agent("The recipient whose inbox to read.")
                                .bool("unread", "Only messages not read yet.")
                                .integer("since", false, "Only messages after this sequence number (default 0).")
                                .integer("limit", false, "At most N messages (default 100, max 1000).")
                                .bool("peek", "Do not mark the messages read.")
                                .space(),
                        false,
                        (a, c) -> {
                            Long since = a.longValue("since");
                            Integer limit = a.integer("limit");
                            return c.submit(new MessageOps.ReadInbox(
                                    c.space(a),
                                    c.actor(a, "agent"),
                                    since == null ? 0 : since,
                                    a.bool("unread"),
                                    limit == null ? 100 : limit,
                                    a.bool("peek") ? MessageOps.ReadMark.peek : MessageOps.ReadMark.mark));
                        }),
                new Tool(
                        "msg_ack",
                        "Acknowledge a message",
                        "Acknowledge a message sent to you (one that asked for it with ack_required).",
                        new Schema()
                                .str("id", true, "The message id, e.g. msg_42.")
                                .agent("The recipient acknowledging it.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new MessageOps.AckMessage(c.space(a), a.str("id"), c.actor(a, "agent")))),
                new Tool(
                        "kb_write",
                        "Write a knowledge topic",
                        "Write a new version of a shared knowledge topic (e.g. design/locks) for other agents"
                                + " to read; earlier versions stay readable.",
                        new Schema()
                                .str("topic", true, "Slash-separated name, e.g. design/locks.")
                                .str("text", true, "The whole new text of the topic.")
                                .agent("The author.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new KnowledgeOps.WriteTopic(
                                c.space(a), a.str("topic"), a.str("text"), c.actor(a, "agent")))),
                new Tool(
                        "kb_read",
                        "Read a knowledge topic",
                        "Read a knowledge topic, the latest version unless 'version' is given.",
                        new Schema()
                                .str("topic", true, "The topic, e.g. design/locks.")
                                .integer("version", false, "Which version (default: the latest).")
                                .space(),
                        true,
                        (a, c) -> {
                            Integer v = a.integer("version");
                            return c.submit(new KnowledgeOps.ReadTopic(c.space(a), a.str("topic"), v == null ? 0 : v));
                        }),
                new Tool(
                        "kb_search",
                        "Search knowledge, messages and tasks",
                        "Ranked full-text search over knowledge topics (latest versions), messages and tasks;"
                                + " matched words are shown in [brackets] in each snippet.",
                        new Schema()
                                .str("query", true, "Words to look for (any of them; more matches rank higher).")
                                .strings("kind", false, "Only these kinds: topic, message, task.")
                                .integer("limit", false, "At most N hits (default 10, max 100).")
                                .space(),
                        true,
                        (a, c) -> {
                            Integer limit = a.integer("limit");
                            return c.submit(new KnowledgeOps.SearchKnowledge(
                                    c.space(a), a.str("query"), a.strings("kind"), limit == null ? 10 : limit));
                        }),
                new Tool(
                        "approval_request",
                        "Ask the operator",
                        "Ask the human operator a question with fixed options (default yes/no) before doing"
                                + " something risky. Returns the approval's 'id' at once; call approval_wait with it"
                                + " to get the decision.",
                        new Schema()
                                .str("question", true, "What to ask, with the context the operator needs.")
                                .strings("option", false, "Possible answers (default: yes, no).")
                                .agent("The agent asking.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new ApprovalOps.RequestApproval(
                                c.space(a), c.actor(a, "agent"), a.str("question"), a.strings("option")))),
                new Tool(
                        "approval_wait",
                        "Wait for a decision",
                        "Wait until the operator decides approval 'id' or 'timeout' seconds pass (default 30, at"
                                + " most " + MAX_WAIT_SECONDS + "). The answer's state is 'decided' (see 'decision')"
                                + " or still 'pending': then call it again.",
                        new Schema()
                                .str("id", true, "The approval id approval_request returned, e.g. apr_1a2b….")
                                .integer(
                                        "timeout", false, "Seconds to wait (default 30, max " + MAX_WAIT_SECONDS + ").")
                                .space(),
                        true,
                        SharedTools::awaitDecision),
                new Tool(
                        "approval_list",
                        "List approvals",
                        "Approvals in the space, oldest first: pending ones, or all with their decisions.",
                        new Schema()
                                .bool("pending", "Only those not decided yet.")
                                .space(),
                        true,
                        (a, c) -> c.submit(new ApprovalOps.ListApprovals(
                                c.space(a), a.bool("pending") ? ApprovalOps.Filter.pending : ApprovalOps.Filter.all))));
    }

    private static MessageOps.Importance importance(String s) {
        if (s == null) return null;
        try {
            return MessageOps.Importance.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new ToolError("msg_send: argument 'importance' must be low, normal or high, got '" + s + "'");
        }
    }

    private static Object awaitDecision(ToolArgs a, ToolContext c) {
        String space = c.space(a);
        String id = a.str("id");
        Integer t = a.integer("timeout");
        int timeout = t == null ? 30 : t;
        if (timeout < 0 || timeout > MAX_WAIT_SECONDS) {
            throw new ToolError("approval_wait: argument 'timeout' must be 0.." + MAX_WAIT_SECONDS + " seconds, got "
                    + timeout + "; call again to wait longer");
        }
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (true) {
            ApprovalOps.ApprovalView view = find(c, space, id);
            if (view.state() == ApprovalOps.State.decided || System.nanoTime() >= deadline) return view;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return view;
            }
        }
    }

    private static ApprovalOps.ApprovalView find(ToolContext c, String space, String id) {
        for (ApprovalOps.ApprovalView v : c.submit(new ApprovalOps.ListApprovals(space, ApprovalOps.Filter.all))
                .approvals()) {
            if (v.id().equals(id)) return v;
        }
        throw new EngineException(ErrorCode.NOT_FOUND, "no approval '" + id + "' in space '" + space + "'");
    }
}
