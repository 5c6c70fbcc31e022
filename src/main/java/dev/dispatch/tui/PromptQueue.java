package dev.dispatch.tui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompts typed while the agent they address works: the face holds them, in the order typed, and
 * sends the first when that agent's turn ends (its {@code AgentFinished}), the next when that one's
 * turn ends, and so on. Held here, not in the engine, so a prompt stays cancellable until it is sent
 * ({@code /unqueue}); a message addressed with {@code @agent} bypasses this and reaches the agent at
 * its next model request. One instance per face; UI thread only.
 */
final class PromptQueue<T> {
    private final Map<String, Deque<T>> byAgent = new LinkedHashMap<>();

    void add(String agentId, T prompt) {
        byAgent.computeIfAbsent(agentId, k -> new ArrayDeque<>()).addLast(prompt);
    }

    /** The oldest prompt held for {@code agentId}, removed; null when none waits. */
    T next(String agentId) {
        Deque<T> q = byAgent.get(agentId);
        if (q == null) return null;
        T t = q.pollFirst();
        if (q.isEmpty()) byAgent.remove(agentId);
        return t;
    }

    /** The newest prompt held for {@code agentId}, removed (what {@code /unqueue} takes back); null when none. */
    T dropLast(String agentId) {
        Deque<T> q = byAgent.get(agentId);
        if (q == null) return null;
        T t = q.pollLast();
        if (q.isEmpty()) byAgent.remove(agentId);
        return t;
    }

    /** Every prompt held for {@code agentId}, oldest first, removed. */
    List<T> dropAll(String agentId) {
        Deque<T> q = byAgent.remove(agentId);
        return q == null ? List.of() : new ArrayList<>(q);
    }

    int size(String agentId) {
        Deque<T> q = byAgent.get(agentId);
        return q == null ? 0 : q.size();
    }

    int total() {
        int n = 0;
        for (Deque<T> q : byAgent.values()) n += q.size();
        return n;
    }
}
