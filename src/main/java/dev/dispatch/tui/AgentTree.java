package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agents as a tree: rows in depth-first order (each parent followed by its children), subtrees the
 * user collapsed folded into their root's row, and the counts by state. Computed from the agents on
 * demand (a frame asks once), so it can never disagree with what the view model folded in.
 */
final class AgentTree {
    private static final int MAX_DEPTH = 32;

    /** One row: the agent, its depth, and how many descendants its collapsed subtree hides (0 if open). */
    record Row(AgentView agent, int depth, int hidden, boolean hasChildren) {}

    /** The numbers under the tree and in the status bar. */
    record Counts(int total, int running, int waiting, int done, int error, long tokens, double costUsd) {}

    private final Map<String, AgentView> agents;
    /** Agent ids whose subtree is folded. */
    final Set<String> collapsed = new HashSet<>();
    /** The external agents (dispatch spawn), shown under the in-process ones. */
    final ExternalAgents external = new ExternalAgents();

    AgentTree(Map<String, AgentView> agents) {
        this.agents = agents;
    }

    List<Row> rows() {
        Map<String, List<AgentView>> children = children();
        List<Row> rows = new ArrayList<>();
        for (AgentView a : agents.values()) {
            if (a.parentId == null || !agents.containsKey(a.parentId)) add(rows, children, a, 0);
        }
        return rows;
    }

    private Map<String, List<AgentView>> children() {
        Map<String, List<AgentView>> out = new HashMap<>();
        for (AgentView a : agents.values()) {
            if (a.parentId != null)
                out.computeIfAbsent(a.parentId, k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    private void add(List<Row> rows, Map<String, List<AgentView>> children, AgentView a, int depth) {
        List<AgentView> kids = children.getOrDefault(a.id, List.of());
        boolean folded = collapsed.contains(a.id) && !kids.isEmpty();
        rows.add(new Row(a, depth, folded ? descendants(children, a, 0) : 0, !kids.isEmpty()));
        if (folded || depth > MAX_DEPTH) return;
        for (AgentView c : kids) add(rows, children, c, depth + 1);
    }

    private static int descendants(Map<String, List<AgentView>> children, AgentView a, int depth) {
        if (depth > MAX_DEPTH) return 0;
        int n = 0;
        for (AgentView c : children.getOrDefault(a.id, List.of())) n += 1 + descendants(children, c, depth + 1);
        return n;
    }

    /** Folds or unfolds the subtree under {@code id}; answers whether anything changed (a leaf has none). */
    boolean toggle(String id) {
        if (id == null || agents.values().stream().noneMatch(a -> id.equals(a.parentId))) return false;
        if (!collapsed.remove(id)) collapsed.add(id);
        return true;
    }

    /**
     * The row {@code delta} rows from {@code selectedId}, clamped to the ends; an agent hidden in a
     * folded subtree counts as its visible ancestor's row.
     */
    String move(String selectedId, int delta) {
        List<Row> rows = rows();
        if (rows.isEmpty()) return selectedId;
        int at = indexOf(rows, visibleAncestor(selectedId));
        int next = Math.max(0, Math.min(rows.size() - 1, Math.max(0, at) + delta));
        return rows.get(next).agent().id;
    }

    static int indexOf(List<Row> rows, String id) {
        for (int i = 0; i < rows.size(); i++) if (rows.get(i).agent().id.equals(id)) return i;
        return -1;
    }

    /** {@code id} itself if its row shows, else the nearest ancestor whose row shows. */
    String visibleAncestor(String id) {
        String shown = id;
        AgentView a = id == null ? null : agents.get(id);
        for (int i = 0; a != null && a.parentId != null && i <= MAX_DEPTH; i++) {
            if (collapsed.contains(a.parentId)) shown = a.parentId;
            a = agents.get(a.parentId);
        }
        return shown;
    }

    /**
     * The thread after the selected agent's: threads are the root agents and the detached ones (each a
     * conversation with the user), in tree order; wraps around. Null when there is none.
     */
    String nextThread(String selectedId) {
        List<AgentView> threads = new ArrayList<>();
        Map<String, List<AgentView>> children = children();
        List<Row> all = new ArrayList<>();
        for (AgentView a : agents.values()) {
            if (a.parentId == null || !agents.containsKey(a.parentId)) addAll(all, children, a, 0);
        }
        for (Row r : all) if (r.agent().thread()) threads.add(r.agent());
        if (threads.isEmpty()) return null;
        String mine = threadOf(selectedId);
        for (int i = 0; i < threads.size(); i++) {
            if (threads.get(i).id.equals(mine)) return threads.get((i + 1) % threads.size()).id;
        }
        return threads.get(0).id;
    }

    /** The thread an agent belongs to: itself if a root or detached, else its nearest such ancestor. */
    String threadOf(String id) {
        AgentView a = id == null ? null : agents.get(id);
        for (int i = 0; a != null && i <= MAX_DEPTH; i++) {
            if (a.thread()) return a.id;
            a = a.parentId == null ? null : agents.get(a.parentId);
        }
        return id;
    }

    private void addAll(List<Row> rows, Map<String, List<AgentView>> children, AgentView a, int depth) {
        rows.add(new Row(a, depth, 0, false));
        if (depth > MAX_DEPTH) return;
        for (AgentView c : children.getOrDefault(a.id, List.of())) addAll(rows, children, c, depth + 1);
    }

    Counts counts() {
        int running = 0, waiting = 0, done = 0, error = 0;
        long tokens = 0;
        double cost = 0;
        for (AgentView a : agents.values()) {
            switch (a.status) {
                case RUNNING -> running++;
                case WAITING_USER, WAITING_CHILDREN, WAITING_KEY, IDLE -> waiting++;
                case DONE, CANCELLED -> done++;
                case ERROR -> error++;
            }
            tokens += a.inputTokens + a.outputTokens;
            cost += a.costUsd;
        }
        return new Counts(agents.size(), running, waiting, done, error, tokens, cost);
    }
}
