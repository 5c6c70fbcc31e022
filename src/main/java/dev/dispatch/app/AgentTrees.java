package dev.dispatch.app;

import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentOps.AgentView;
import dev.dispatch.protocol.AgentOps.TreeNode;
import dev.dispatch.protocol.AgentOps.Usage;
import dev.dispatch.session.AgentUsage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dispatch agent tree}: the agents of a space (in-process and external) by parent, each with its
 * own tokens and cost from the usage ledger and its subtree's rolled up (itself included).
 */
final class AgentTrees {
    private static final Usage NONE = new Usage(0, 0, 0);

    private final Coord coord;
    private final AgentUsage usage;

    AgentTrees(Coord coord, AgentUsage usage) {
        this.coord = coord;
        this.usage = usage;
    }

    AgentOps.AgentTree tree(AgentOps.ShowAgentTree p) {
        List<AgentView> agents = coord.agents()
                .list(new AgentOps.ListRegisteredAgents(p.space()))
                .agents();
        List<String> sessions = new ArrayList<>();
        for (AgentView a : agents) if (a.sessionId() != null) sessions.add(a.sessionId());
        Map<String, AgentUsage.Totals> spent = usage.bySessions(sessions);
        Map<String, AgentView> byName = new HashMap<>();
        Map<String, List<AgentView>> kids = new HashMap<>();
        for (AgentView a : agents) byName.put(a.name(), a);
        List<AgentView> roots = new ArrayList<>();
        for (AgentView a : agents) {
            if (a.parent() == null || !byName.containsKey(a.parent())) roots.add(a);
            else kids.computeIfAbsent(a.parent(), k -> new ArrayList<>()).add(a);
        }
        Set<String> seen = new HashSet<>();
        List<TreeNode> out = new ArrayList<>();
        BigDecimal[] cost = {BigDecimal.ZERO};
        long[] tokens = {0, 0};
        for (AgentView r : roots) {
            TreeNode n = node(r, kids, spent, seen);
            out.add(n);
            tokens[0] += n.subtree().inputTokens();
            tokens[1] += n.subtree().outputTokens();
            cost[0] = cost[0].add(BigDecimal.valueOf(n.subtree().costUsd()));
        }
        return new AgentOps.AgentTree(out, new Usage(tokens[0], tokens[1], cost[0].doubleValue()));
    }

    private static TreeNode node(
            AgentView a, Map<String, List<AgentView>> kids, Map<String, AgentUsage.Totals> spent, Set<String> seen) {
        seen.add(a.name());
        AgentUsage.Totals t = a.kind() != null && a.kind().equals("in-process") ? spent.get(a.id()) : null;
        Usage self = t == null
                ? NONE
                : new Usage(t.inputTokens(), t.outputTokens(), t.costUsd().doubleValue());
        long in = self.inputTokens();
        long outTokens = self.outputTokens();
        BigDecimal cost = t == null ? BigDecimal.ZERO : t.costUsd();
        List<TreeNode> children = new ArrayList<>();
        for (AgentView c : kids.getOrDefault(a.name(), List.of())) {
            if (seen.contains(c.name())) continue;
            TreeNode n = node(c, kids, spent, seen);
            children.add(n);
            in += n.subtree().inputTokens();
            outTokens += n.subtree().outputTokens();
            cost = cost.add(BigDecimal.valueOf(n.subtree().costUsd()));
        }
        return new TreeNode(
                a.id(),
                a.name(),
                a.kind(),
                a.status(),
                a.liveness(),
                a.model(),
                a.template(),
                a.detached(),
                a.depth(),
                self,
                new Usage(in, outTokens, cost.doubleValue()),
                children);
    }
}
