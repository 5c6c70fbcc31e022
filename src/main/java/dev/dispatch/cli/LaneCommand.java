package dev.dispatch.cli;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.TaskOps;
import java.io.PrintWriter;

/**
 * The coordination commands {@link SocketLane} carries: each is one op whose {@code --json} answer is
 * the daemon's as sent and whose text answer is printed by the renderer its picocli command uses
 * ({@link AgentText}, {@link TaskText}, {@link CoordText}), so it needs neither picocli's model nor
 * Jackson. Each builds its op from {@link LaneArgs} exactly as its picocli command builds it from its
 * fields; {@code SocketLaneTest} holds every entry to its picocli command (same options, same flags, the
 * same request for the same arguments, the same output). A plain switch rather than lambdas: each lambda
 * would cost its bootstrap on every start.
 */
enum LaneCommand {
    AGENT_REGISTER("agent", "register"),
    AGENT_LIST("agent", "list"),
    AGENT_SHOW("agent", "show"),
    AGENT_STATUS("agent", "status"),
    AGENT_HEARTBEAT("agent", "heartbeat"),
    AGENT_DRAIN("agent", "drain"),
    AGENT_UNDRAIN("agent", "undrain"),
    AGENT_REMOVE("agent", "remove"),
    TASK_ADD("task", "add"),
    TASK_LIST("task", "list"),
    TASK_READY("task", "ready"),
    TASK_SHOW("task", "show"),
    TASK_NEXT("task", "next"),
    TASK_CLAIM("task", "claim"),
    TASK_PROGRESS("task", "progress"),
    TASK_COMPLETE("task", "complete"),
    TASK_FAIL("task", "fail", "--no-retry"),
    TASK_CANCEL("task", "cancel"),
    TASK_RETRY("task", "retry"),
    TASK_EXPLAIN("task", "explain"),
    MSG_INBOX("msg", "inbox", "--unread", "--peek"),
    MSG_ACK("msg", "ack"),
    KB_LIST("kb", "list"),
    STATS("stats", null);

    /** JSON output: the daemon's answer is printed as sent. */
    static final String JSON = "--json";

    final String group;
    /** The subcommand's name; null for a top-level command ({@code stats}). */
    final String name;
    /** The command's options that take no value, besides {@code --json}. */
    private final String[] flags;

    LaneCommand(String group, String name, String... flags) {
        this.group = group;
        this.name = name;
        this.flags = flags;
    }

    /** {@code group name} (or the top-level {@code group} when {@code name} is null), or null. */
    static LaneCommand find(String group, String name) {
        for (LaneCommand c : values()) {
            if (c.group.equals(group) && (c.name == null ? name == null : c.name.equals(name))) return c;
        }
        return null;
    }

    /** Whether {@code option} takes no value. */
    boolean isFlag(String option) {
        if (option.equals(JSON)) return true;
        for (String f : flags) if (f.equals(option)) return true;
        return false;
    }

    /** The command's words as typed: {@code task next}. */
    String words() {
        return name == null ? group : group + " " + name;
    }

    /** The op the picocli command would submit for these arguments. */
    Op<?> op(LaneArgs a) throws LaneArgs.Unsure {
        String space = a.space();
        return switch (this) {
            case AGENT_REGISTER ->
                new AgentOps.RegisterAgent(
                        space,
                        a.positional(),
                        a.values("--capability"),
                        a.value("--role"),
                        a.value("--parent"),
                        a.integer("--max-concurrent"),
                        a.integer("--heartbeat-interval"));
            case AGENT_LIST -> new AgentOps.ListRegisteredAgents(space);
            case AGENT_SHOW -> new AgentOps.ShowAgent(space, a.positional());
            case AGENT_STATUS ->
                new AgentOps.SetAgentStatus(
                        space,
                        a.positional(),
                        a.choice("--status", AgentOps.Status.class),
                        a.value("--summary"),
                        a.value("--branch"),
                        a.value("--pr"),
                        a.value("--phase"),
                        a.value("--blocker"),
                        a.value("--next"),
                        a.value("--parent"));
            case AGENT_HEARTBEAT -> new AgentOps.SendHeartbeat(space, a.positional());
            case AGENT_DRAIN -> new AgentOps.DrainAgent(space, a.positional(), AgentOps.Drain.DRAIN);
            case AGENT_UNDRAIN -> new AgentOps.DrainAgent(space, a.positional(), AgentOps.Drain.UNDRAIN);
            case AGENT_REMOVE -> new AgentOps.RemoveAgent(space, a.positional());
            case TASK_ADD ->
                new TaskOps.AddTask(
                        space,
                        a.positional(),
                        a.value("--description"),
                        a.value("--queue"),
                        a.integer("--priority"),
                        a.values("--capability"),
                        a.values("--after"),
                        a.integer("--lease-seconds"),
                        a.integer("--max-attempts"),
                        a.value("--key"),
                        a.value("--parent"));
            case TASK_LIST ->
                new TaskOps.ListTasks(
                        space,
                        a.choice("--status", TaskOps.Status.class),
                        a.value("--queue"),
                        a.agent("--assignee", null, false),
                        a.integer("--limit"));
            case TASK_READY -> new TaskOps.ListReadyTasks(space, a.value("--queue"), a.integer("--limit"));
            case TASK_SHOW -> new TaskOps.ShowTask(space, a.positional());
            case TASK_NEXT -> new TaskOps.ClaimNextTask(space, a.required("--agent"), a.value("--queue"));
            case TASK_CLAIM -> new TaskOps.ClaimTask(space, a.positional(), a.required("--agent"));
            case TASK_PROGRESS ->
                new TaskOps.ReportProgress(space, a.positional(), a.required("--lease"), a.value("--note"));
            case TASK_COMPLETE ->
                new TaskOps.CompleteTask(space, a.positional(), a.required("--lease"), a.value("--result"));
            case TASK_FAIL ->
                new TaskOps.FailTask(
                        space,
                        a.positional(),
                        a.required("--lease"),
                        a.required("--error"),
                        a.flag("--no-retry") ? TaskOps.Retry.NO_RETRY : TaskOps.Retry.ALLOWED);
            case TASK_CANCEL -> new TaskOps.CancelTask(space, a.positional());
            case TASK_RETRY -> new TaskOps.RetryTask(space, a.positional());
            case TASK_EXPLAIN -> new TaskOps.ExplainTask(space, a.positional());
            case MSG_INBOX -> inbox(space, a);
            case MSG_ACK -> new MessageOps.AckMessage(space, a.positional(), a.required("--agent"));
            case KB_LIST -> new KnowledgeOps.ListTopics(space);
            case STATS -> new CoordOps.ShowQueueStats(space);
        };
    }

    /** Prints {@code answer}, decoded into this command's answer type, as its picocli command prints it in text. */
    void print(Object answer, PrintWriter out) {
        switch (this) {
            case AGENT_REGISTER -> AgentText.registered((AgentOps.RegisterResult) answer, out);
            case AGENT_LIST -> AgentText.list((AgentOps.AgentList) answer, out);
            case AGENT_SHOW -> AgentText.show((AgentOps.AgentDetail) answer, out);
            case AGENT_STATUS -> AgentText.status((AgentOps.StatusResult) answer, out);
            case AGENT_HEARTBEAT -> AgentText.heartbeat((AgentOps.AgentView) answer, out);
            case AGENT_DRAIN -> AgentText.drained((AgentOps.AgentView) answer, out);
            case AGENT_UNDRAIN -> AgentText.undrained((AgentOps.AgentView) answer, out);
            case AGENT_REMOVE -> AgentText.removed((AgentOps.RemoveResult) answer, out);
            case TASK_ADD -> TaskText.added((TaskOps.AddResult) answer, out);
            case TASK_LIST, TASK_READY -> TaskText.list((TaskOps.TaskList) answer, out);
            case TASK_SHOW -> TaskText.show((TaskOps.TaskDetail) answer, out);
            case TASK_NEXT, TASK_CLAIM -> TaskText.claimed((TaskOps.ClaimResult) answer, out);
            case TASK_PROGRESS -> TaskText.progressed((TaskOps.TaskView) answer, out);
            case TASK_COMPLETE -> TaskText.completed((TaskOps.TaskView) answer, out);
            case TASK_FAIL -> TaskText.failed((TaskOps.TaskView) answer, out);
            case TASK_CANCEL -> TaskText.cancelled((TaskOps.TaskView) answer, out);
            case TASK_RETRY -> TaskText.retried((TaskOps.TaskView) answer, out);
            case TASK_EXPLAIN -> TaskText.explain((TaskOps.Explanation) answer, out);
            case MSG_INBOX -> CoordText.inbox((MessageOps.InboxResult) answer, out);
            case MSG_ACK -> CoordText.acked((MessageOps.AckResult) answer, out);
            case KB_LIST -> CoordText.topics((KnowledgeOps.ListResult) answer, out);
            case STATS -> CoordText.stats((CoordOps.StatsResult) answer, out);
        }
    }

    /** {@code msg inbox}, with its command's defaults; a {@code --limit} of 0 is the command's error to print. */
    private static MessageOps.ReadInbox inbox(String space, LaneArgs a) throws LaneArgs.Unsure {
        String agent = a.agent(null, a.optionalPositional(), true);
        Long since = a.whole("--since");
        Integer limit = a.integer("--limit");
        if (limit != null && limit == 0) throw new LaneArgs.Unsure();
        return new MessageOps.ReadInbox(
                space,
                agent,
                since == null ? 0 : since,
                a.flag("--unread"),
                limit == null ? 100 : limit,
                a.flag("--peek") ? MessageOps.ReadMark.peek : MessageOps.ReadMark.mark);
    }
}
