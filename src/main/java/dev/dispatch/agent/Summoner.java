package dev.dispatch.agent;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts a child for {@code summon_agent} once the caller's own standing was checked ({@link Team}):
 * the engine resolves the template, model and skills, checks the asked permissions against the
 * parent's on real paths, and starts it through {@link AgentRuntime#start(AgentSpec, Placement)}
 * (which checks the caps). Refusals are {@code EngineException}s naming what exceeds.
 */
@FunctionalInterface
public interface Summoner {
    /** What the parent asked for, with what its own place in the tree allows. */
    record Child(
            String parentAgentId,
            Path projectRoot,
            String prompt,
            String name,
            String template,
            String model,
            List<String> skills,
            List<String> permissions,
            boolean detached,
            boolean mayDetach,
            boolean leaf) {}

    AgentRuntime.Started start(Child child);
}
