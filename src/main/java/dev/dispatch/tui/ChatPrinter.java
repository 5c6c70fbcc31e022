package dev.dispatch.tui;

import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.ToolOutput;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints an agent's events as plain lines for {@code dispatch chat}: tool calls, output and results
 * get word labels ("tool:", "output:", "result:") a screen reader can announce, instead of
 * box-drawing characters, and a file edit is followed by its diff. On a colour terminal the answer
 * is rendered markdown ({@link Markdown}, ANSI colours) printed row by row as the lines of a block
 * complete (the last row of the open block waits: more words may join it), the rare row a later line
 * changes redrawn when its block completes; without colour it streams as it comes, raw.
 */
final class ChatPrinter {
    /** Line mode cannot expand a fold: a diff shows this many rows. */
    static final int FOLD_ROWS = 40;

    private final PrintWriter out;
    private final boolean colour;
    private final int width;
    private final StringBuilder pending = new StringBuilder();
    /** Tool calls seen starting, by call id: the arguments a result's diff and a prompt's diff need. */
    private final Map<String, ToolCallStarted> calls = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ToolCallStarted> e) {
            return size() > 64;
        }
    };

    private final Map<String, String> before = new java.util.HashMap<>();
    private boolean midLine;
    /** The rows of the open markdown block already printed (as printed, with colours). */
    private final List<String> openRows = new java.util.ArrayList<>();
    /** Whether a markdown block of the current answer is out: the next one is set off by a blank line. */
    private boolean blockOut;

    ChatPrinter(PrintWriter out) {
        this(out, false, 80);
    }

    ChatPrinter(PrintWriter out, boolean colour, int width) {
        this.out = out;
        this.colour = colour;
        this.width = width < 20 ? 80 : width;
    }

    /** Notes a tool call's arguments, of any agent, for the diff of its permission prompt. */
    void remember(Event e) {
        if (e instanceof ToolCallStarted t) calls.put(t.callId(), t);
    }

    /** The latest unfinished call of {@code tool} by {@code agentId}, or null. */
    ToolCallStarted pendingCall(String agentId, String tool) {
        ToolCallStarted found = null;
        for (ToolCallStarted t : calls.values())
            if (t.agentId().equals(agentId) && t.tool().equals(tool)) found = t;
        return found;
    }

    /** The file a write replaces, as its prompt read it: the finished call diffs against it. */
    void sawBefore(String callId, String content) {
        if (content != null) before.put(callId, content);
    }

    boolean colour() {
        return colour;
    }

    int width() {
        return width;
    }

    void print(Event e) {
        switch (e) {
            case TextDelta d -> text(d.text());
            case ToolCallStarted t -> {
                remember(t);
                line("tool: " + t.tool() + " " + ToolArgs.summary(t.argumentsJson()));
            }
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
                ToolCallStarted started = calls.remove(f.callId());
                if (!f.failed() && started != null && FileChange.isFileEdit(f.tool()))
                    diff(FileChange.done(
                            f.tool(), started.argumentsJson(), f.result(), before.get(f.callId()), f.diff()));
                before.remove(f.callId());
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

    /** Prints a change as numbered diff rows, folded after {@link #FOLD_ROWS}. */
    void diff(FileChange.Change c) {
        if (c == null) return;
        endLine();
        out.println("diff: " + DiffView.stats(c.rows()) + (c.note() == null ? "" : " (" + c.note() + ")"));
        for (Line l : DiffView.lines(c.rows(), width, 2, FOLD_ROWS, "")) out.println(Ansi.line(l, colour));
        out.flush();
    }

    private void text(String delta) {
        String t = TextWrap.sanitize(delta);
        if (!colour) {
            out.print(t);
            if (!t.isEmpty()) midLine = !t.endsWith("\n");
            return;
        }
        pending.append(t);
        int split = MarkdownStream.stableEnd(pending);
        if (split > 0) {
            render(pending.substring(0, split));
            pending.delete(0, split);
        }
        // the open block: its rows so far, but the last (more words may still join it), as lines complete
        int nl = t.indexOf('\n') < 0 ? -1 : pending.lastIndexOf("\n");
        if (nl > 0 && !pending.substring(0, nl).isBlank())
            rows(Markdown.render(pending.substring(0, nl + 1), width, 0), false);
    }

    private void render(String markdown) {
        if (markdown.isBlank()) return;
        rows(Markdown.render(markdown, width, 0), true);
    }

    /**
     * Prints the open block's rendered rows not printed yet ({@code done}: all of them, the block is
     * complete; else all but the last). A printed row the full block renders differently (a setext
     * underline, an emphasis closed later) is redrawn when the block completes: the cursor goes back up
     * over the block's rows, clears below and prints them again; until then it waits.
     */
    private void rows(List<Line> rendered, boolean done) {
        List<String> rows = new java.util.ArrayList<>(rendered.size());
        for (Line l : rendered) rows.add(Ansi.line(l, true));
        int same = 0;
        while (same < openRows.size()
                && same < rows.size()
                && openRows.get(same).equals(rows.get(same))) same++;
        boolean redrawn = false;
        if (same < openRows.size()) {
            if (!done) return;
            out.print("\u001b[" + openRows.size() + "F\u001b[J");
            openRows.clear();
            redrawn = true; // the blank line above the block stays
        }
        int upTo = done ? rows.size() : rows.size() - 1;
        if (openRows.isEmpty() && !redrawn && upTo > 0 && blockOut) out.println(); // a blank line between blocks
        for (int i = openRows.size(); i < upTo; i++) {
            out.println(rows.get(i));
            openRows.add(rows.get(i));
        }
        if (done) {
            openRows.clear();
            blockOut = true;
        }
    }

    private void line(String s) {
        endLine();
        out.println(s);
        blockOut = false;
    }

    void endLine() {
        if (!pending.isEmpty()) {
            render(pending.toString());
            pending.setLength(0);
        }
        openRows.clear();
        if (midLine) out.println();
        midLine = false;
        blockOut = false;
        out.flush();
    }

    private static String firstLine(String s) {
        String t = TextWrap.sanitize(s).strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
