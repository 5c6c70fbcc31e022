package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Messages between agents (ARCHITECTURE.md §6): one row per message plus one inbox row per
 * recipient, so {@code all}/{@code children} fan out. Cursors are the message sequence numbers,
 * never timestamps (timestamps collide, and a cursor built on them misses or repeats messages).
 */
public final class MessageOps {
    private MessageOps() {}

    public enum Importance {
        low,
        normal,
        high
    }

    /** Whether fetching an inbox marks what it returns as read. */
    public enum ReadMark {
        mark,
        peek
    }

    /**
     * Send {@code text} from {@code from} to {@code to}: an agent name, or {@code parent},
     * {@code children} or {@code all} (every agent in the space but the sender).
     */
    public record SendMessage(
            String space,
            String from,
            String to,
            String text,
            String thread,
            Importance importance,
            boolean ackRequired)
            implements Op<SendResult> {}

    public record SendResult(MessageView message, List<String> recipients) {}

    /** Messages to {@code agent} with seq greater than {@code since}; only unread ones when asked. */
    public record ReadInbox(String space, String agent, long since, boolean unreadOnly, int limit, ReadMark mark)
            implements Op<InboxResult> {}

    /** {@code cursor} is the highest seq returned (or the {@code since} given): pass it back as since. */
    public record InboxResult(List<InboxItem> messages, long cursor) {}

    /** Acknowledge message {@code messageId} as recipient {@code agent}. */
    public record AckMessage(String space, String messageId, String agent) implements Op<AckResult> {}

    /** {@code alreadyAcked} is true when an earlier ack stood and nothing changed. */
    public record AckResult(String messageId, String agent, Instant ackedAt, boolean alreadyAcked) {}

    public record MessageView(
            String id,
            long seq,
            String space,
            String from,
            String to,
            String thread,
            Importance importance,
            boolean ackRequired,
            String text,
            Instant sentAt) {}

    /** A message as one recipient sees it, with that recipient's read/ack state. */
    public record InboxItem(MessageView message, Instant readAt, Instant ackedAt) {}

    // the journal events of messages (docs/cli-json-share.md): the wire name is the record's name

    /** A message was sent; {@code recipients} as resolved at send time (a broadcast names each). */
    public record MessageSent(MessageView message, List<String> recipients) implements Journaled {}

    /** {@code agent} read the messages with these sequence numbers. */
    public record MessagesRead(String agent, List<Long> seqs) implements Journaled {}

    public record MessageAcked(String messageId, String agent, long seq) implements Journaled {}

    /** The journal events of this domain, one record each (a face can take them all in one case). */
    public sealed interface Journaled extends JournalPayload permits MessageSent, MessagesRead, MessageAcked {}
}
