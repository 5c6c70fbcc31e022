package dev.dispatch.tui;

import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one queue of what waits for the user, oldest first: permission prompts from any agent of the
 * tree and the questions of detached agents ({@code ask_user}), in the order they arrived. A prompt
 * pauses a tool call, so it can never be put off; a question may be put off (Esc) and answered later
 * from its thread, and stays queued (and counted) until it is answered.
 */
final class ApprovalQueue {
    private final Map<String, Object> items = new LinkedHashMap<>();
    private final Set<String> later = new HashSet<>();

    void add(PermissionRequested p) {
        items.put(p.requestId(), p);
    }

    void add(QuestionAsked q) {
        items.put(q.questionId(), q);
    }

    /** Removes an answered or withdrawn item; answers what it was (null when unknown). */
    Object remove(String id) {
        later.remove(id);
        return items.remove(id);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    int size() {
        return items.size();
    }

    /** What the modal shows: the oldest item that is not a question put off for later, or null. */
    Object head() {
        for (Map.Entry<String, Object> e : items.entrySet()) {
            if (!later.contains(e.getKey())) return e.getValue();
        }
        return null;
    }

    /** The oldest item of any kind (what the status bar announces), or null. */
    Object oldest() {
        return items.isEmpty() ? null : items.values().iterator().next();
    }

    /** The oldest pending permission prompt, or null. */
    PermissionRequested firstPrompt() {
        for (Object o : items.values()) if (o instanceof PermissionRequested p) return p;
        return null;
    }

    /** The open question of {@code agentId}, or null. */
    QuestionAsked questionOf(String agentId) {
        for (Object o : items.values())
            if (o instanceof QuestionAsked q && q.agentId().equals(agentId)) return q;
        return null;
    }

    /** Puts a question off: the modal moves on; its thread still answers it. Prompts cannot be put off. */
    void putOff(String questionId) {
        if (items.get(questionId) instanceof QuestionAsked) later.add(questionId);
    }

    /** Brings every put-off question back to the modal. */
    void recallAll() {
        later.clear();
    }

    /** Every item, oldest first. */
    List<Object> all() {
        return new ArrayList<>(items.values());
    }

    static String agentOf(Object item) {
        return switch (item) {
            case PermissionRequested p -> p.agentId();
            case QuestionAsked q -> q.agentId();
            default -> null;
        };
    }

    static String ancestryOf(Object item) {
        return switch (item) {
            case PermissionRequested p -> p.ancestry();
            case QuestionAsked q -> q.ancestry();
            default -> null;
        };
    }
}
