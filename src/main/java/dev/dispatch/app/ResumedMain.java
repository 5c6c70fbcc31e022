package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.session.AgentSnapshots;

/**
 * Resuming a session restores its main agent as its snapshot stored it ({@link AgentSnapshots}): the
 * template it was started from and the model it last ran on (a model switch sticks), unless the resume
 * names its own template, model or tag, or the config no longer has them. Children are not resumed:
 * their transcripts stay in their sessions.
 */
final class ResumedMain {
    private ResumedMain() {}

    static SessionOps.StartAgent restore(SessionOps.StartAgent op, AgentSnapshots snapshots, Config config) {
        if (op.sessionId() == null || op.parentAgentId() != null) return op;
        var main = snapshots.main(op.sessionId());
        if (main.isEmpty()) return op;
        SessionOps.StartAgent out = op;
        String template = main.get().template();
        if (op.template() == null
                && template != null
                && !"main".equals(template)
                && config.agent(template).isPresent()) out = out.withTemplate(template);
        boolean explicit = !blank(op.model()) || !blank(op.tag());
        String model = main.get().model();
        if (!explicit && model != null && config.model(model).isPresent()) out = out.withModel(model);
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
