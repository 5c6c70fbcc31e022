package dev.dispatch.cli;

import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;

/** Running totals of a headless run: turns, tool calls, tokens, cost, ids. */
final class RunTotals {
    private String sessionId = "";
    private String agentId = "";
    private String model = "";
    private int turns;
    private int toolCalls;
    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private double cost;

    void started(SessionOps.StartAgentResult r) {
        sessionId = r.sessionId();
        agentId = r.agentId();
        model = r.model();
    }

    void add(Event e) {
        // instanceof, not a pattern switch: each such switch spins a class with the ClassFile API at its
        // first run (~120 JDK classes and their time on an attached run's start)
        if (e instanceof RuntimeEvents.TurnStarted) {
            turns++;
        } else if (e instanceof RuntimeEvents.ToolCallFinished) {
            toolCalls++;
        } else if (e instanceof RuntimeEvents.UsageRecorded u) {
            input += u.inputTokens();
            output += u.outputTokens();
            cacheRead += u.cacheReadTokens();
            cacheWrite += u.cacheWriteTokens();
            cost += u.costUsd();
        }
    }

    void writeTo(JsonLine o) {
        o.put("session_id", sessionId)
                .put("agent_id", agentId)
                .put("model", model)
                .put("turns", turns)
                .put("tool_calls", toolCalls);
        o.putObject("usage")
                .put("input_tokens", input)
                .put("output_tokens", output)
                .put("cache_read_tokens", cacheRead)
                .put("cache_write_tokens", cacheWrite);
        o.put("cost_usd", cost);
    }

    String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "— %s · %d turn%s · %d tool call%s · %,d in / %,d out tokens · $%.4f · session %s",
                model,
                turns,
                turns == 1 ? "" : "s",
                toolCalls,
                toolCalls == 1 ? "" : "s",
                input + cacheRead + cacheWrite,
                output,
                cost,
                sessionId);
    }
}
