package dev.dispatch.mcp;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.TaskOps;
import java.util.List;

/**
 * The agent and task tools: {@code agent_register|status|heartbeat|list} and {@code
 * task_add|next|heartbeat|complete|fail|list}, each a thin mapping from arguments (named like the CLI's
 * options) to the op the CLI command sends.
 */
final class AgentTaskTools {
    private AgentTaskTools() {}

    /** What an agent may report of itself: every status but cancelled (an agent stopping itself is done or error). */
    static final List<AgentOps.Status> STATUSES = List.of(
            AgentOps.Status.active,
            AgentOps.Status.idle,
            AgentOps.Status.blocked,
            AgentOps.Status.done,
            AgentOps.Status.error);

    static List<Tool> all() {
        return List.of(
                new Tool(
                        "agent_register",
                        "Register an agent",
                        "Register a new agent in the space and return its bearer token (shown once). Operator only:"
                                + " an agent session cannot create agents.",
                        new Schema()
                                .str("name", true, "Agent name: letters, digits, . _ : @ -")
                                .strings("capability", false, "Capabilities it has (tasks may require them).")
                                .str("role", false, "Free-text role.")
                                .str("parent", false, "Its parent agent (messages to 'parent' reach it).")
                                .integer("max_concurrent", false, "Tasks it may hold at once (default 1).")
                                .integer("heartbeat_interval", false, "Seconds between heartbeats (default 60).")
                                .space(),
                        false,
                        (a, c) -> {
                            c.operatorOnly();
                            return c.submit(new AgentOps.RegisterAgent(
                                    c.space(a),
                                    a.str("name"),
                                    a.strings("capability"),
                                    a.str("role"),
                                    a.str("parent"),
                                    a.integer("max_concurrent"),
                                    a.integer("heartbeat_interval")));
                        }),
                new Tool(
                        "agent_status",
                        "Report your status",
                        "Tell the team what you are doing. Fields you leave out keep their value. Use status"
                                + " 'blocked' with 'blocker' when you are stuck, 'done' when finished.",
                        new Schema()
                                .str("name", false, "The agent. Default: this session's agent (no other allowed).")
                                .choice(
                                        "status",
                                        STATUSES.stream().map(Enum::name).toList(),
                                        "Your state.")
                                .str("summary", false, "One line on what you are doing.")
                                .str("branch", false, "The git branch you work on.")
                                .str("pr", false, "Your pull request (number or URL).")
                                .str("phase", false, "Free-text phase, e.g. design, build, review.")
                                .str("blocker", false, "What blocks you (with status blocked).")
                                .str("next", false, "What you will do next.")
                                .str("parent", false, "Your parent agent.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new AgentOps.SetAgentStatus(
                                c.space(a),
                                c.actor(a, "name"),
                                a.choice("status", STATUSES),
                                a.str("summary"),
                                a.str("branch"),
                                a.str("pr"),
                                a.str("phase"),
                                a.str("blocker"),
                                a.str("next"),
                                a.str("parent")))),
                new Tool(
                        "agent_heartbeat",
                        "Say you are alive",
                        "Record that you are alive now. Call it at least every heartbeat interval (60 s by"
                                + " default) while you work, or you show as stale.",
                        new Schema()
                                .str("name", false, "The agent. Default: this session's agent (no other allowed).")
                                .space(),
                        false,
                        (a, c) -> c.submit(new AgentOps.SendHeartbeat(c.space(a), c.actor(a, "name")))),
                new Tool(
                        "agent_list",
                        "List agents",
                        "Every agent in the space with its status, liveness (live/stale) and the tasks it runs.",
                        new Schema().space(),
                        true,
                        (a, c) -> c.submit(new AgentOps.ListRegisteredAgents(c.space(a)))),
                new Tool(
                        "task_add",
                        "Add a task",
                        "Put a task on the queue for any agent to claim. With 'key', adding the same key twice"
                                + " returns the existing task (created: false) instead of a duplicate.",
                        new Schema()
                                .str("title", true, "One line saying what to do.")
                                .str("description", false, "The details a worker needs.")
                                .str("queue", false, "Queue name (default: default).")
                                .integer("priority", false, "0..1000, higher first (default 0).")
                                .strings("capability", false, "Capabilities a worker must have.")
                                .strings("after", false, "Task ids that must be done first.")
                                .integer("lease_seconds", false, "Lease length (default 300).")
                                .integer("max_attempts", false, "Attempts before the task is dead (default 3).")
                                .str("key", false, "Idempotency key.")
                                .str("parent", false, "Parent task id.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new TaskOps.AddTask(
                                c.space(a),
                                a.str("title"),
                                a.str("description"),
                                a.str("queue"),
                                a.integer("priority"),
                                a.strings("capability"),
                                a.strings("after"),
                                a.integer("lease_seconds"),
                                a.integer("max_attempts"),
                                a.str("key"),
                                a.str("parent")))),
                new Tool(
                        "task_next",
                        "Claim the next task",
                        "Claim the best ready task for you (highest priority, then oldest). Returns the task,"
                                + " its attempt and a 'lease': keep it, task_heartbeat / task_complete / task_fail"
                                + " need it. Fails with nothing_to_do when no task is ready. No two agents ever"
                                + " get the same task.",
                        new Schema()
                                .agent("The agent taking the task.")
                                .str("queue", false, "Only this queue (default: any).")
                                .space(),
                        false,
                        (a, c) -> c.submit(new TaskOps.ClaimNextTask(c.space(a), c.actor(a, "agent"), a.str("queue")))),
                new Tool(
                        "task_heartbeat",
                        "Extend your lease",
                        "Extend the lease on a task you claimed (by its lease length) and optionally record"
                                + " progress. Call it before the lease expires or the task goes back to the queue.",
                        new Schema()
                                .str("id", true, "The task id, e.g. task_1a2b….")
                                .str("lease", true, "The lease task_next returned.")
                                .str("note", false, "What you got done so far.")
                                .space(),
                        false,
                        (a, c) -> c.submit(
                                new TaskOps.ReportProgress(c.space(a), a.str("id"), a.str("lease"), a.str("note")))),
                new Tool(
                        "task_complete",
                        "Complete a task",
                        "Mark a task you claimed done. Needs the lease from task_next; a lost lease (expired,"
                                + " reclaimed) fails with lease_lost and changes nothing.",
                        new Schema()
                                .str("id", true, "The task id.")
                                .str("lease", true, "The lease task_next returned.")
                                .str("result", false, "The outcome, for whoever reads the task.")
                                .space(),
                        false,
                        (a, c) -> c.submit(
                                new TaskOps.CompleteTask(c.space(a), a.str("id"), a.str("lease"), a.str("result")))),
                new Tool(
                        "task_fail",
                        "Fail a task",
                        "Report that a task you claimed failed. It is retried after a backoff until its max"
                                + " attempts, then dead; no_retry makes it dead now.",
                        new Schema()
                                .str("id", true, "The task id.")
                                .str("lease", true, "The lease task_next returned.")
                                .str("error", true, "What went wrong.")
                                .bool("no_retry", "Dead now, without further attempts.")
                                .space(),
                        false,
                        (a, c) -> c.submit(new TaskOps.FailTask(
                                c.space(a),
                                a.str("id"),
                                a.str("lease"),
                                a.str("error"),
                                a.bool("no_retry") ? TaskOps.Retry.NO_RETRY : TaskOps.Retry.ALLOWED))),
                new Tool(
                        "task_list",
                        "List tasks",
                        "Tasks in the space, newest first, optionally narrowed by status, queue or assignee.",
                        new Schema()
                                .choice("status", TaskOps.Status.names(), "Only tasks in this state.")
                                .str("queue", false, "Only this queue.")
                                .str("agent", false, "Only tasks assigned to this agent.")
                                .integer("limit", false, "At most N (default 100).")
                                .space(),
                        true,
                        (a, c) -> c.submit(new TaskOps.ListTasks(
                                c.space(a),
                                a.choice("status", TaskOps.Status.class),
                                a.str("queue"),
                                a.str("agent"),
                                a.integer("limit")))));
    }
}
