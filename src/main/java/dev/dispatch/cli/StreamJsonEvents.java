package dev.dispatch.cli;

import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;

/**
 * The stream-json line for each runtime event (docs/headless.md); null for events not shown. Every
 * line of a run names its agent ({@code agent_id}) and that agent's parent ({@code parent_id}, null
 * for the run's root agent), so a run whose agent summons others stays one readable stream. Written with
 * {@link JsonLine}, not Jackson: an attached run never loads Jackson.
 */
final class StreamJsonEvents {
    private StreamJsonEvents() {}

    static JsonLine toLine(Event e) {
        return toLine(e, null, null);
    }

    static JsonLine toLine(Event e, String agentId, String parentId) {
        JsonLine o = new JsonLine();
        if (agentId != null) {
            o.put("agent_id", agentId);
            o.put("parent_id", parentId);
        }
        // instanceof, not a pattern switch: each such switch spins a class with the ClassFile API at its first
        // run (~120 JDK classes and their time on an attached run's start)
        if (e instanceof RuntimeEvents.AgentStarted a) {
            o.put("type", "agent_started")
                    .put("name", a.name())
                    .put("session_id", a.sessionId())
                    .put("model", a.model());
        } else if (e instanceof RuntimeEvents.AgentFinished f) {
            o.put("type", "agent_finished")
                    .put("status", f.status().name().toLowerCase(java.util.Locale.ROOT))
                    .put("result", f.result());
            if (f.error() != null && !f.error().isEmpty()) o.put("error", f.error());
        } else if (e instanceof RuntimeEvents.QuestionAsked q) {
            o.put("type", "question")
                    .put("question_id", q.questionId())
                    .put("ancestry", q.ancestry())
                    .put("question", q.question());
            o.putArray("options").addAll(q.options());
        } else if (e instanceof RuntimeEvents.QuestionAnswered q) {
            o.put("type", "question_answered")
                    .put("question_id", q.questionId())
                    .put("answer", q.answer())
                    .put("withdrawn", q.withdrawn());
        } else if (e instanceof RuntimeEvents.PermissionRequested p) {
            o.put("type", "permission_request")
                    .put("request_id", p.requestId())
                    .put("ancestry", p.ancestry())
                    .put("tool", p.tool())
                    .put("reason", p.reason());
        } else if (e instanceof RuntimeEvents.TurnStarted t) {
            o.put("type", "turn_started").put("turn", t.turn());
        } else if (e instanceof RuntimeEvents.TextDelta d) {
            o.put("type", "text_delta").put("text", d.text());
        } else if (e instanceof RuntimeEvents.ToolCallStarted s) {
            o.put("type", "tool_call")
                    .put("id", s.callId())
                    .put("name", s.tool())
                    .put("arguments", s.argumentsJson());
        } else if (e instanceof RuntimeEvents.ToolOutput t) {
            o.put("type", "tool_output")
                    .put("id", t.callId())
                    .put("stream", t.stream())
                    .put("chunk", t.chunk());
        } else if (e instanceof RuntimeEvents.ToolCallFinished f) {
            o.put("type", "tool_result")
                    .put("id", f.callId())
                    .put("name", f.tool())
                    .put("result", f.result())
                    .put("is_error", f.failed());
            if (f.exitCode() != null) o.put("exit_code", f.exitCode());
        } else if (e instanceof RuntimeEvents.UsageRecorded u) {
            o.put("type", "usage")
                    .put("model", u.model())
                    .put("input_tokens", u.inputTokens())
                    .put("output_tokens", u.outputTokens())
                    .put("cache_read_tokens", u.cacheReadTokens())
                    .put("cache_write_tokens", u.cacheWriteTokens())
                    .put("cost_usd", u.costUsd());
        } else if (e instanceof RuntimeEvents.TurnEnded t) {
            o.put("type", "turn_ended").put("turn", t.turn()).put("stop_reason", t.stopReason());
        } else if (e instanceof RuntimeEvents.AgentStateChanged c
                && c.detail() != null
                && !c.detail().isEmpty()) {
            o.put("type", "status")
                    .put("status", c.status().name().toLowerCase(java.util.Locale.ROOT))
                    .put("detail", c.detail());
        } else {
            return null;
        }
        return o;
    }
}
