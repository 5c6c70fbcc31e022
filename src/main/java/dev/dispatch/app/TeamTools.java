package dev.dispatch.app;

import dev.dispatch.tool.AgentStatusTool;
import dev.dispatch.tool.AgentTeam;
import dev.dispatch.tool.AskUserTool;
import dev.dispatch.tool.CancelAgentTool;
import dev.dispatch.tool.MessageAgentTool;
import dev.dispatch.tool.ReadAgentTasksTool;
import dev.dispatch.tool.SummonAgentTool;
import dev.dispatch.tool.Tool;
import dev.dispatch.tool.ToolFailure;
import dev.dispatch.tool.WaitAgentsTool;
import java.time.Duration;
import java.util.List;

/**
 * The agent-tree tools in one place, so the registry wiring stays one line. They are built before
 * the runtime they talk to (the runtime needs the registry), so they reach it through a {@link Link}
 * that the engine sets once the runtime exists.
 */
final class TeamTools {
    private TeamTools() {}

    static List<Tool<?>> all(AgentTeam team) {
        return List.of(
                new SummonAgentTool(team),
                new AgentStatusTool(team),
                new WaitAgentsTool(team),
                new ReadAgentTasksTool(team),
                new MessageAgentTool(team),
                new CancelAgentTool(team),
                new AskUserTool(team));
    }

    /** Forwards to the team once set. */
    static final class Link implements AgentTeam {
        private volatile AgentTeam target;

        void set(AgentTeam t) {
            this.target = t;
        }

        private AgentTeam t() {
            AgentTeam t = target;
            if (t == null) throw new ToolFailure("the agent runtime is not ready yet; try again");
            return t;
        }

        @Override
        public String summon(String caller, Summon request) {
            return t().summon(caller, request);
        }

        @Override
        public String status(String caller, List<String> ids) {
            return t().status(caller, ids);
        }

        @Override
        public String await(String caller, List<String> ids, Duration timeout) throws InterruptedException {
            return t().await(caller, ids, timeout);
        }

        @Override
        public String tasks(String caller, String id) {
            return t().tasks(caller, id);
        }

        @Override
        public String message(String caller, String id, String text) {
            return t().message(caller, id, text);
        }

        @Override
        public String cancel(String caller, String id) {
            return t().cancel(caller, id);
        }

        @Override
        public String askUser(String caller, String question, List<String> options) throws InterruptedException {
            return t().askUser(caller, question, options);
        }
    }
}
