package dev.dispatch.agent;

import dev.dispatch.config.SubagentLimits;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The caps every spawn passes (the {@code summon_agent} tool and the operator's child start alike):
 * depth below the root (depth {@code max_depth} allowed, one more refused), running children per
 * agent, agents per tree, and the tree's spend in USD and tokens. Also the tree walks they need and
 * the readable, de-duplicated agent names. A refusal is a conflict naming the cap, the numbers and
 * the setting to change.
 */
final class Spawning {
    private Spawning() {}

    /** What a tree (an agent and all its descendants) has used: agents, tokens, USD. */
    record Spend(int agents, long tokens, BigDecimal usd) {}

    static void check(RunningAgent parent, SubagentLimits limits) {
        int depth = parent.lineage().depth + 1;
        if (depth > limits.maxDepth()) {
            throw refused("a child of '" + parent.name() + "' would be at depth " + depth
                    + ", deeper than subagents.max_depth " + limits.maxDepth()
                    + " (a root agent is depth 0); do the work in this agent instead");
        }
        long live = parent.lineage().children.stream().filter(c -> !finished(c)).count();
        if (live >= limits.maxChildren()) {
            throw refused("'" + parent.name() + "' already has " + live
                    + " running children, the subagents.max_children cap; wait for one (wait_agents) first");
        }
        RunningAgent root = parent.lineage().root(parent);
        Spend tree = spend(root);
        if (tree.agents() >= limits.maxAgents()) {
            throw refused("the tree of '" + root.name() + "' has created " + tree.agents()
                    + " agents, the subagents.max_agents cap; no more can be started in it");
        }
        String over = overSpend(tree, limits);
        if (over != null) throw refused(over + "; no more agents can be started in it");
    }

    /** Why a tree is over its spend cap, or null. */
    static String overSpend(Spend tree, SubagentLimits limits) {
        if (tree.usd().doubleValue() >= limits.maxUsd()) {
            return "the tree has spent " + String.format(Locale.ROOT, "%.4f", tree.usd())
                    + " USD, at or over subagents.max_usd " + limits.maxUsd();
        }
        if (tree.tokens() >= limits.maxTokens()) {
            return "the tree has used " + tree.tokens() + " tokens, at or over subagents.max_tokens "
                    + limits.maxTokens();
        }
        return null;
    }

    static Spend spend(RunningAgent top) {
        int agents = 0;
        long tokens = 0;
        BigDecimal usd = BigDecimal.ZERO;
        for (RunningAgent a : subtree(top)) {
            agents++;
            tokens += a.tokens();
            usd = usd.add(a.cost());
        }
        return new Spend(agents, tokens, usd);
    }

    /** {@code top} and every descendant, parents before children. */
    static List<RunningAgent> subtree(RunningAgent top) {
        List<RunningAgent> out = new ArrayList<>();
        Deque<RunningAgent> todo = new ArrayDeque<>();
        todo.add(top);
        while (!todo.isEmpty()) {
            RunningAgent a = todo.poll();
            out.add(a);
            todo.addAll(a.lineage().children);
        }
        return out;
    }

    static boolean finished(RunningAgent a) {
        AgentStatus s = a.status();
        return s == AgentStatus.DONE
                || s == AgentStatus.ERROR
                || s == AgentStatus.CANCELLED
                || a.lineage().result.isDone();
    }

    /** {@code main › planner › researcher}: the agent's ancestry, root first. */
    static String ancestry(RunningAgent agent) {
        List<String> names = new ArrayList<>();
        for (RunningAgent a = agent; a != null; a = a.lineage().parent) names.add(0, a.name());
        return String.join(" › ", names);
    }

    /**
     * A readable name no other agent has: {@code wanted} made a slug, else {@code fallback}'s first
     * words; a taken name gets {@code -2}, {@code -3}, ...
     */
    static String uniqueName(String wanted, String fallback, Collection<String> taken) {
        String base = slug(wanted);
        if (base.isEmpty()) base = slug(firstWords(fallback));
        if (base.isEmpty()) base = "agent";
        if (!taken.contains(base)) return base;
        for (int i = 2; ; i++) if (!taken.contains(base + "-" + i)) return base + "-" + i;
    }

    private static String firstWords(String text) {
        if (text == null) return "";
        String[] words = text.strip().split("\\s+");
        return String.join("-", java.util.Arrays.asList(words).subList(0, Math.min(3, words.length)));
    }

    static String slug(String s) {
        if (s == null) return "";
        String out = s.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "-")
                .replaceAll("-{2,}", "-");
        out = out.replaceAll("^-|-$", "");
        return out.length() > 40 ? out.substring(0, 40).replaceAll("-$", "") : out;
    }

    private static EngineException refused(String message) {
        return new EngineException(ErrorCode.CONFLICT, "spawn refused: " + message);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A new agent's id: {@code agt_} and 12 random hex digits. */
    static String newAgentId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "agt_" + java.util.HexFormat.of().formatHex(b);
    }

    /** A new session's title: the first line of its prompt, at most 120 characters. */
    static String title(String prompt) {
        String first = prompt.strip().lines().findFirst().orElse("");
        return first.length() > 120 ? first.substring(0, 119) + "…" : first;
    }
}
