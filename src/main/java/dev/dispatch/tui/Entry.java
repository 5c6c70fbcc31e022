package dev.dispatch.tui;

import java.util.List;

/**
 * One item of a conversation: a user message, an assistant answer (grows as deltas stream in), a
 * tool call (grows with output), or a notice. Each caches its wrapped lines per width so the chat
 * panel re-wraps only entries that changed, and only the ones it draws.
 */
abstract sealed class Entry permits Entry.User, Entry.Assistant, Entry.Tool, Entry.Notice {
    private int cachedWidth = -1;
    private Expansion cachedExpansion;
    private List<Line> cached;

    /** Drops the wrapped lines; call after any change to the content. */
    final void touch() {
        cached = null;
    }

    final List<Line> lines(int width, Expansion expansion) {
        if (cached == null || cachedWidth != width || cachedExpansion != expansion) {
            cached = EntryRenderer.render(this, width, expansion);
            cachedWidth = width;
            cachedExpansion = expansion;
        }
        return cached;
    }

    /** Whether lines are cached: the chat panel wraps only what it draws. */
    final boolean isWrapped() {
        return cached != null;
    }

    /** The text search looks in. */
    abstract String searchText();

    /**
     * Where a user message is: an agent starting on it; QUEUED, held by this face until the agent's turn
     * ends (a prompt typed while it works, {@link PromptQueue}); WAITING, with the engine until the agent's
     * next model request (an {@code @agent} message); or DELIVERED, in the agent's conversation.
     */
    enum Delivery {
        STARTING,
        QUEUED,
        WAITING,
        DELIVERED
    }

    /** What the user typed; {@code delivered} turns true once the agent has it. */
    static final class User extends Entry {
        final String text;
        Delivery delivery;
        /** What the agent receives: {@link #text} with pasted text and {@code @file} attachments expanded. */
        String wire;

        User(String text, Delivery delivery) {
            this.text = text;
            this.delivery = delivery;
            this.wire = text;
        }

        boolean delivered() {
            return delivery == Delivery.DELIVERED;
        }

        String searchText() {
            return text;
        }
    }

    /** The model's answer text for one stretch between tool calls. */
    static final class Assistant extends Entry {
        final String label;
        final StringBuilder text = new StringBuilder();
        /** Its rendered blocks, kept while it streams: a delta re-renders only the last one. */
        final AnswerLines rendered = new AnswerLines();

        Assistant(String label) {
            this.label = label;
        }

        String searchText() {
            return text.toString();
        }
    }

    /** A tool call: arguments, streamed output, then the result; collapsed unless expanded. */
    static final class Tool extends Entry {
        final String callId;
        final String tool;
        final String argumentsJson;
        final StringBuilder output = new StringBuilder();
        String result;
        boolean finished;
        boolean failed;
        Integer exitCode;
        boolean expanded;
        /** A write_file target as the face saw it before the call ran (its permission prompt), for the diff. */
        String before;
        /** The unified diff the tool sent with its result (write_file, edit_file); null from other tools. */
        String diff;
        /** The diff its permission prompt shows, computed once from the file and the arguments. */
        FileChange.Change proposed;
        /** The diff of the finished call, computed once (it does not depend on the width). */
        FileChange.Change done;

        Tool(String callId, String tool, String argumentsJson) {
            this.callId = callId;
            this.tool = tool;
            this.argumentsJson = argumentsJson == null ? "" : argumentsJson;
        }

        ToolKind kind() {
            return ToolKind.of(tool);
        }

        String searchText() {
            return tool + " " + argumentsJson + " " + output + " " + (result == null ? "" : result);
        }
    }

    /** Something the workbench says itself: an error, an agent finishing. */
    static final class Notice extends Entry {
        final String text;
        final Style style;

        Notice(String text, Style style) {
            this.text = text;
            this.style = style;
        }

        String searchText() {
            return text;
        }
    }
}
