package dev.dispatch.cli;

import dev.dispatch.protocol.CoordOps.StatsResult;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.KnowledgeOps.TopicSummary;
import dev.dispatch.protocol.MessageOps.AckResult;
import dev.dispatch.protocol.MessageOps.InboxItem;
import dev.dispatch.protocol.MessageOps.InboxResult;
import dev.dispatch.protocol.MessageOps.MessageView;
import dev.dispatch.protocol.TaskOps;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text output of {@code msg inbox}, {@code msg ack}, {@code kb list} and {@code stats}, shared by
 * their picocli commands and {@link SocketLane} so both print the same bytes; free of picocli and
 * Jackson, and of lambdas (each costs the lane a bootstrap at start-up). The task and agent commands'
 * output is in {@link TaskText} and {@link AgentText}.
 */
final class CoordText {
    private CoordText() {}

    static void inbox(InboxResult r, PrintWriter out) {
        Columns t = new Columns("SEQ", "ID", "FROM", "THREAD", "IMPORTANCE", "ACK", "SENT", "TEXT");
        for (InboxItem i : r.messages()) {
            MessageView m = i.message();
            String ack = !m.ackRequired() ? "-" : i.ackedAt() == null ? "needed" : "done";
            t.row(
                    m.seq(),
                    m.id(),
                    m.from(),
                    m.thread(),
                    m.importance(),
                    ack,
                    m.sentAt(),
                    CoordArgs.firstLine(m.text(), 60));
        }
        t.print(out);
    }

    static void acked(AckResult r, PrintWriter out) {
        out.printf(
                "%s %s by %s at %s%n",
                r.alreadyAcked() ? "already acked" : "acked", r.messageId(), r.agent(), r.ackedAt());
        out.flush();
    }

    static void topics(KnowledgeOps.ListResult r, PrintWriter out) {
        Columns t = new Columns("TOPIC", "VERSION", "CHARS", "UPDATED");
        for (TopicSummary s : r.topics()) t.row(s.topic(), s.version(), s.chars(), s.updatedAt());
        t.print(out);
    }

    static void stats(StatsResult s, PrintWriter out) {
        TaskOps.Status[] states = TaskOps.Status.values();
        String[] header = new String[states.length + 1];
        header[0] = "QUEUE";
        for (int i = 0; i < states.length; i++) header[i + 1] = states[i].name().toUpperCase(Locale.ROOT);
        Table t = new Table(header);
        for (Map.Entry<String, Map<String, Long>> q : s.queues().entrySet()) {
            Object[] row = new Object[states.length + 1];
            row[0] = q.getKey();
            for (int i = 0; i < states.length; i++) row[i + 1] = q.getValue().getOrDefault(states[i].name(), 0L);
            t.row(row);
        }
        t.print(out);
        out.println();
        List<String> agents = new ArrayList<>();
        for (Map.Entry<String, Long> e : s.agents().entrySet()) agents.add(e.getKey() + " " + e.getValue());
        Table.fields(
                out,
                "space",
                s.space(),
                "in flight",
                String.valueOf(s.inFlight()),
                "dead",
                String.valueOf(s.dead()),
                "avg wait",
                millis(s.averageWaitMillis()),
                "avg run",
                millis(s.averageRunMillis()),
                "agents",
                agents.toString());
    }

    private static String millis(Double ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
