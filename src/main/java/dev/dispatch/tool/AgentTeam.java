package dev.dispatch.tool;

import java.time.Duration;
import java.util.List;

/**
 * What the agent-tree tools ({@code summon_agent}, {@code agent_status}, {@code wait_agents},
 * {@code read_agent_tasks}, {@code message_agent}, {@code cancel_agent}, {@code ask_user}) ask of the
 * engine, always on behalf of the calling agent ({@code caller}, the context's agent id) and only
 * about its own descendants. Answers are JSON text for the model; a refusal is a {@link ToolFailure}
 * naming what is wrong and what to do instead.
 */
public interface AgentTeam {
    /**
     * A child to start: its task and context, the skills to load, the template and model (null: the
     * template's or the default), the permissions it asks for ({@code read:PATH}, {@code write:PATH},
     * {@code summon_subagents}; null: the caller's own path grants), detached or not, its name.
     */
    record Summon(
            String task,
            String context,
            List<String> skills,
            String template,
            String model,
            List<String> permissions,
            boolean detached,
            String name) {}

    /** Starts the child and returns its handle {@code {"id","name","status"}} at once. */
    String summon(String caller, Summon request);

    /** Status, what each waits for, tokens and cost of these descendants (empty: the caller's children). */
    String status(String caller, List<String> ids);

    /** Waits until these children (empty: all the caller's children) finished or the timeout passed. */
    String await(String caller, List<String> ids, Duration timeout) throws InterruptedException;

    /** A descendant's task_list, without its conversation. */
    String tasks(String caller, String id);

    /** Queues text for a descendant, delivered at its next tool boundary. */
    String message(String caller, String id, String text);

    /** Cancels a descendant and its subtree. */
    String cancel(String caller, String id);

    /** Puts a question to the user (detached agents) and waits for the answer. */
    String askUser(String caller, String question, List<String> options) throws InterruptedException;
}
