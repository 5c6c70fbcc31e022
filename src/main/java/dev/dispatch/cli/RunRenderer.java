package dev.dispatch.cli;

import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import java.io.PrintWriter;

/**
 * Prints a headless run in one of three shapes (documented in docs/headless.md): {@code text} (the
 * answer on stdout, progress on stderr), {@code json} (one object at the end) and
 * {@code stream-json} (one event per line as it happens, then the same end object).
 */
abstract class RunRenderer {
    enum Format {
        text,
        json,
        stream_json
    }

    protected final PrintWriter out;
    protected final PrintWriter err;
    protected final RunTotals totals = new RunTotals();

    RunRenderer(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    static RunRenderer of(Format f, PrintWriter out, PrintWriter err) {
        return switch (f) {
            case text -> new Text(out, err);
            case json -> new JsonEnd(out, err);
            case stream_json -> new StreamJson(out, err);
        };
    }

    void started(SessionOps.StartAgentResult r) {
        totals.started(r);
    }

    void event(Event e) {
        totals.add(e);
    }

    /**
     * An event of agent {@code agentId} (the root or one below it; {@code parentId} null for the
     * root). Only the root's events are shown in text and json; stream-json shows all, labelled.
     */
    void event(Event e, String agentId, String parentId) {
        if (parentId == null) {
            event(e);
            return;
        }
        if (e instanceof RuntimeEvents.UsageRecorded) totals.add(e);
        childEvent(e, agentId, parentId);
    }

    /** A descendant's event: text mode says questions on stderr; stream-json prints every line. */
    void childEvent(Event e, String agentId, String parentId) {
        if (e instanceof RuntimeEvents.QuestionAsked q) {
            err.println("? " + q.ancestry() + " asks (" + q.questionId() + "): " + q.question()
                    + (q.options().isEmpty() ? "" : " " + q.options()));
            err.println("  answer with: dispatch agent answer " + q.questionId() + " TEXT");
            err.flush();
        }
    }

    abstract void finished(RuntimeEvents.AgentFinished f);

    /** An engine notice (a key disabled or resting, a config or skills reload) on stderr, in every format. */
    void notice(String text) {
        // the same notice twice in a row says nothing new (a file's diagnostics re-announced, same counts)
        if (text.equals(lastNotice)) return;
        lastNotice = text;
        err.println("dispatch: " + text);
        err.flush();
    }

    private String lastNotice;

    /** The end object shared by json and stream-json. */
    JsonLine endObject(RuntimeEvents.AgentFinished f) {
        JsonLine o = new JsonLine();
        o.put("type", "end");
        o.put("status", f.status().name().toLowerCase(java.util.Locale.ROOT));
        o.put("result", f.result());
        if (f.error() != null && !f.error().isEmpty()) o.put("error", f.error());
        totals.writeTo(o);
        o.putNull("parent_id");
        return o;
    }

    /** Answer on stdout; one progress line per tool call and retry on stderr. */
    static final class Text extends RunRenderer {
        Text(PrintWriter out, PrintWriter err) {
            super(out, err);
        }

        @Override
        void event(Event e) {
            super.event(e);
            // instanceof, not a pattern switch (see RunTotals.add)
            if (e instanceof RuntimeEvents.ToolCallStarted s) {
                err.println("› " + s.tool() + " " + clip(s.argumentsJson(), 100));
            } else if (e instanceof RuntimeEvents.ToolCallFinished f && f.failed()) {
                err.println("  ✗ " + clip(f.result().lines().findFirst().orElse(""), 160));
            } else if (e instanceof RuntimeEvents.AgentStateChanged c
                    && c.detail() != null
                    && c.detail().startsWith("retrying")) {
                err.println("  … " + c.detail());
            } else if (e instanceof RuntimeEvents.AgentStateChanged c
                    && c.status() == dev.dispatch.protocol.AgentStatus.WAITING_KEY) {
                err.println("  … " + c.detail());
            } else if (e instanceof dev.dispatch.protocol.JournalEvent j
                    && j.payload() instanceof dev.dispatch.protocol.KeyEvents.KeySwitched k) {
                err.println("  ↻ " + k.summary());
            }
            err.flush();
        }

        @Override
        void finished(RuntimeEvents.AgentFinished f) {
            if (f.result() != null && !f.result().isEmpty()) out.println(f.result());
            if (f.error() != null && !f.error().isEmpty()) err.println("dispatch: " + f.error());
            err.println(totals.summary());
        }

        private static String clip(String s, int max) {
            String one = s.replace('\n', ' ');
            return one.length() <= max ? one : one.substring(0, max - 1) + "…";
        }
    }

    /** Nothing until the end, then one JSON object. */
    static final class JsonEnd extends RunRenderer {
        JsonEnd(PrintWriter out, PrintWriter err) {
            super(out, err);
        }

        @Override
        void finished(RuntimeEvents.AgentFinished f) {
            JsonLine o = endObject(f);
            o.remove("type");
            out.println(o);
        }
    }

    /** One JSON line per event as it happens. */
    static final class StreamJson extends RunRenderer {
        StreamJson(PrintWriter out, PrintWriter err) {
            super(out, err);
        }

        @Override
        void started(SessionOps.StartAgentResult r) {
            super.started(r);
            JsonLine o = new JsonLine()
                    .put("type", "session_started")
                    .put("session_id", r.sessionId())
                    .put("agent_id", r.agentId())
                    .putNull("parent_id")
                    .put("model", r.model())
                    .put("provider", r.provider());
            line(o);
        }

        @Override
        void event(Event e) {
            super.event(e);
            JsonLine o = StreamJsonEvents.toLine(e);
            if (o != null) line(o);
        }

        @Override
        void event(Event e, String agentId, String parentId) {
            if (parentId == null) super.totals.add(e);
            else if (e instanceof RuntimeEvents.UsageRecorded) totals.add(e);
            JsonLine o = StreamJsonEvents.toLine(e, agentId, parentId);
            if (o != null) line(o);
        }

        @Override
        void finished(RuntimeEvents.AgentFinished f) {
            line(endObject(f));
        }

        private void line(JsonLine o) {
            out.println(o);
            out.flush();
        }
    }
}
