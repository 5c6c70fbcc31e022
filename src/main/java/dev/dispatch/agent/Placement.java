package dev.dispatch.agent;

import dev.dispatch.config.SubagentLimits;

/**
 * Where a new agent sits in its tree and what it may do there, decided by whoever starts it (the
 * engine for a root, {@code summon_agent} or the operator for a child): its template, whether it is
 * detached (its own thread with the user, may ask questions), whether it holds
 * {@code summon_subagents} and may detach children, whether it is one-shot (a summoned child ends
 * with its task) and the caps its spawn is checked against.
 */
public record Placement(
        String template,
        boolean detached,
        boolean maySummon,
        boolean mayDetach,
        boolean oneShot,
        SubagentLimits limits) {
    public Placement {
        template = template == null || template.isBlank() ? "main" : template;
        limits = limits == null ? SubagentLimits.DEFAULTS : limits;
    }

    /** A root agent of {@code template}: it may summon (unless {@code maySummon} is false) and detach. */
    public static Placement root(String template, boolean maySummon, SubagentLimits limits) {
        return new Placement(template, false, maySummon, true, false, limits);
    }

    /** The placement of agents started without one: a root that may summon, default caps. */
    static Placement defaults(String template) {
        return root(template, true, SubagentLimits.DEFAULTS);
    }

    /** Tools an agent here is not offered: summoning without the permission, asking the user unless detached. */
    java.util.Set<String> hiddenTools() {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (!maySummon()) out.add("summon_agent");
        if (!detached()) out.add("ask_user");
        return out;
    }
}
