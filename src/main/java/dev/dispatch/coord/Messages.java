package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.MessageOps.AckMessage;
import dev.dispatch.protocol.MessageOps.AckResult;
import dev.dispatch.protocol.MessageOps.Importance;
import dev.dispatch.protocol.MessageOps.InboxItem;
import dev.dispatch.protocol.MessageOps.InboxResult;
import dev.dispatch.protocol.MessageOps.MessageView;
import dev.dispatch.protocol.MessageOps.ReadInbox;
import dev.dispatch.protocol.MessageOps.ReadMark;
import dev.dispatch.protocol.MessageOps.SendMessage;
import dev.dispatch.protocol.MessageOps.SendResult;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Agent messages: send fans a message out to one inbox row per recipient, inboxes are read by
 * sequence-number cursor, and recipients ack. Sender and recipient may be any registered agent or
 * the {@value #OPERATOR} (the user at the terminal), who has no parent or children.
 */
public final class Messages {
    /** The sender name of the user at the terminal; never needs registering. */
    public static final String OPERATOR = "operator";
    /** Most messages one inbox call returns. */
    static final int MAX_LIMIT = 1000;

    private final Ledger ledger;
    private final AgentDirectory agents;

    Messages(Ledger ledger, AgentDirectory agents) {
        this.ledger = ledger;
        this.agents = agents;
    }

    public SendResult send(SendMessage p) {
        // 1) validate and resolve recipients before the transaction
        String space = Inputs.space(p.space());
        String from = Inputs.name("sender (--from)", p.from());
        String to = Inputs.name("recipient (to)", p.to());
        String text = Inputs.body("message text", p.text());
        String thread = Inputs.optionalId("thread", p.thread());
        Importance importance = p.importance() == null ? Importance.normal : p.importance();
        if (!from.equals(OPERATOR)) requireAgent(space, from);
        List<String> recipients = recipients(space, from, to);
        return ledger.write(tx -> {
            // 2) one message row, one inbox row per recipient, the index and the journal together
            Connection c = tx.c;
            Instant now = tx.now;
            long seq = MessageRows.nextSeq(c);
            String id = "msg_" + seq;
            MessageView m = new MessageView(
                    id, seq, space, from, to, thread == null ? id : thread, importance, p.ackRequired(), text, now);
            MessageRows.insert(c, m, recipients);
            TextIndex.put(c, "message", id, space, null, text);
            tx.emit(space, from, new MessageOps.MessageSent(m, recipients));
            return new SendResult(m, recipients);
        });
    }

    public InboxResult inbox(ReadInbox p) {
        String space = Inputs.space(p.space());
        String agent = Inputs.name("agent", p.agent());
        if (p.since() < 0)
            throw EngineException.invalid("--since " + p.since() + " must be 0 or a message seq from an earlier inbox");
        if (p.limit() < 0 || p.limit() > MAX_LIMIT) {
            throw EngineException.invalid("limit " + p.limit() + " must be between 1 and " + MAX_LIMIT);
        }
        int limit = p.limit() == 0 ? 100 : p.limit();
        if (!agent.equals(OPERATOR)) requireAgent(space, agent);
        return ledger.write(tx -> {
            Connection c = tx.c;
            List<InboxItem> items = MessageRows.inbox(c, space, agent, p.since(), p.unreadOnly(), limit);
            List<Long> unread = new ArrayList<>();
            for (InboxItem i : items)
                if (i.readAt() == null) unread.add(i.message().seq());
            if (p.mark() != ReadMark.peek && !unread.isEmpty()) {
                MessageRows.markRead(c, space, agent, unread, tx.now);
                tx.emit(space, agent, new MessageOps.MessagesRead(agent, unread));
            }
            long cursor = items.isEmpty()
                    ? p.since()
                    : items.get(items.size() - 1).message().seq();
            return new InboxResult(items, cursor);
        });
    }

    public AckResult ack(AckMessage p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("message id", p.messageId());
        String agent = Inputs.name("agent", p.agent());
        return ledger.write(tx -> {
            Connection c = tx.c;
            Instant now = tx.now;
            MessageRows.Delivery d = MessageRows.delivery(c, space, id, agent);
            if (d == null) {
                throw EngineException.notFound("no message '" + id + "' in the inbox of '" + agent + "' in space '"
                        + space + "'; only a recipient can ack (see 'dispatch msg inbox " + agent + "')");
            }
            if (d.ackedAt() != null) return new AckResult(id, agent, d.ackedAt(), true);
            MessageRows.ack(c, space, agent, d.seq(), now);
            tx.emit(space, agent, new MessageOps.MessageAcked(id, agent, d.seq()));
            return new AckResult(id, agent, now, false);
        });
    }

    private List<String> recipients(String space, String from, String to) {
        List<String> out =
                switch (to) {
                    case "parent" ->
                        agents.parentOf(space, from)
                                .map(List::of)
                                .orElseThrow(() -> EngineException.invalid(
                                        "'" + from + "' has no parent; name the recipient instead of 'parent'"));
                    case "children" -> agents.childrenOf(space, from);
                    case "all" ->
                        agents.names(space).stream()
                                .filter(n -> !n.equals(from))
                                .toList();
                    case OPERATOR -> List.of(OPERATOR);
                    default -> {
                        requireAgent(space, to);
                        yield List.of(to);
                    }
                };
        if (out.isEmpty()) {
            throw EngineException.invalid(
                    "'" + to + "' names no agent for '" + from + "' in space '" + space + "'; nothing sent");
        }
        return out;
    }

    private void requireAgent(String space, String agent) {
        if (!agents.exists(space, agent)) {
            throw EngineException.notFound("unknown agent '" + agent + "' in space '" + space + "'; check the name"
                    + " or use 'parent', 'children' or 'all'");
        }
    }
}
