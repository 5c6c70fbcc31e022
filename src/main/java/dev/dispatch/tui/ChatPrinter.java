package dev.dispatch.tui;

import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.ToolOutput;
import java.io.PrintWriter;

/**
 * Prints an agent's events as plain lines for {@code dispatch chat}: the answer streams as it comes,
 * and tool calls, output and results get word labels ("tool:", "output:", "result:") a screen
 * reader can announce, instead of box-drawing characters.
 */
final class ChatPrinter {
    private final PrintWriter out;
    private boolean midLine;

    ChatPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(Event e) {
        switch (e) {
            case TextDelta d -> {
                String t = TextWrap.sanitize(d.text());
                out.print(t);
                if (!t.isEmpty()) midLine = !t.endsWith("\n");
            }
            case ToolCallStarted t -> line("tool: " + t.tool() + " " + ToolArgs.summary(t.argumentsJson()));
            case ToolOutput o -> {
                for (String l : TextWrap.sanitize(o.chunk()).split("\n")) line("output: " + l);
            }
            case ToolCallFinished f -> {
                Entry.Tool t = new Entry.Tool(f.callId(), f.tool(), "");
                t.finished = true;
                t.failed = f.failed();
                t.exitCode = f.exitCode();
                t.result = f.result();
                String outcome = EntryRenderer.outcome(t).replace("✓", "ok").replace("✗ failed", "failed");
                String detail = f.failed() && f.result() != null ? ": " + firstLine(f.result()) : "";
                line("result: " + f.tool() + " " + outcome + detail);
            }
            case AgentFinished f ->
                line(
                        switch (f.status()) {
                            case ERROR -> "agent failed: " + f.error();
                            case CANCELLED -> "agent cancelled";
                            default -> "agent finished";
                        });
            default -> {}
        }
        out.flush();
    }

    private void line(String s) {
        endLine();
        out.println(s);
    }

    void endLine() {
        if (midLine) out.println();
        midLine = false;
        out.flush();
    }

    private static String firstLine(String s) {
        String t = TextWrap.sanitize(s).strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
