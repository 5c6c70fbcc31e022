package dev.dispatch.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Json;
import dev.dispatch.session.TaskLists;
import dev.dispatch.tool.AgentTeam;
import dev.dispatch.tool.ToolFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine side of the agent-tree tools: checks the caller's standing (holds summon_subagents, may
 * detach, the target is its own descendant) and answers from the live tree. Spawning itself goes
 * through the {@link Summoner} (template, model, permissions) and the runtime (caps).
 */
public final class Team implements AgentTeam {
    private static final long POLL_MS = 50;
    private final AgentRuntime runtime;
    private final Summoner summoner;
    private final TaskLists taskLists;
    private final Questions questions;

    public Team(AgentRuntime runtime, Summoner summoner, TaskLists taskLists, Questions questions) {
        this.runtime = runtime;
        this.summoner = summoner;
        this.taskLists = taskLists;
        this.questions = questions;
    }

    @Override
    public String summon(String caller, Summon r) {
        RunningAgent parent = caller(caller);
        Placement p = parent.lineage().placement;
        if (!p.maySummon()) {
            throw new ToolFailure(
                    "summon_agent is not available to '" + parent.name()
                            + "': it does not hold the summon_subagents permission (its parent did not grant it, its"
                            + " template says summon_subagents: false, or it is a detached agent's worker); do the work yourself");
        }
        if (r.detached() && !p.mayDetach()) {
            throw new ToolFailure("'" + parent.name() + "' is a detached agent or works under one; its workers"
                    + " may not detach again: summon it with detached false");
        }
        if (r.task() == null || r.task().isBlank())
            throw new ToolFailure("summon_agent needs a task: say what the child should do");
        String prompt = r.task().strip()
                + (r.context() == null || r.context().isBlank()
                        ? ""
                        : "\n\nContext from your parent:\n" + r.context().strip());
        boolean leaf = parent.lineage().underDetached(parent);
        AgentRuntime.Started s;
        try {
            s = summoner.start(new Summoner.Child(
                    parent.id(),
                    parent.spec().projectRoot(),
                    prompt,
                    r.name(),
                    r.template(),
                    r.model(),
                    r.skills() == null ? List.of() : r.skills(),
                    r.permissions(),
                    r.detached(),
                    !r.detached() && !parent.lineage().underDetached(parent),
                    leaf));
        } catch (EngineException e) {
            throw new ToolFailure(e.getMessage());
        }
        RunningAgent child = runtime.require(s.agentId());
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", child.id()).put("name", child.name()).put("status", status(child));
        return o.toString();
    }

    @Override
    public String status(String caller, List<String> ids) {
        RunningAgent me = caller(caller);
        ArrayNode out = Json.mapper().createArrayNode();
        for (RunningAgent a : targets(me, ids)) out.add(describe(a));
        return out.toString();
    }

    @Override
    public String await(String caller, List<String> ids, Duration timeout) throws InterruptedException {
        RunningAgent me = caller(caller);
        List<RunningAgent> wanted = targets(me, ids);
        if (wanted.isEmpty()) throw new ToolFailure("you have no children to wait for; summon one with summon_agent");
        for (RunningAgent a : wanted) {
            if (a.lineage().parent != me)
                throw new ToolFailure("'" + a.name() + "' is not your own child; wait only for your children");
        }
        List<CompletableFuture<AgentLoop.Outcome>> futures = new ArrayList<>();
        for (RunningAgent a : wanted) futures.add(a.lineage().result);
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + timeout.toNanos();
        runtime.setStatus(
                me,
                AgentStatus.WAITING_CHILDREN,
                "children "
                        + String.join(
                                ", ", wanted.stream().map(RunningAgent::name).toList()));
        wanted.forEach(a -> a.lineage().collected = true);
        try {
            while (!all.isDone() && !me.cancelled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    all.get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MS), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                    // poll again: the deadline and the caller's cancel are checked each round
                }
            }
        } finally {
            if (!me.cancelled()) runtime.setStatus(me, AgentStatus.RUNNING, "");
        }
        ObjectNode o = Json.mapper().createObjectNode();
        ArrayNode finished = o.putArray("finished");
        ArrayNode running = o.putArray("still_running");
        for (RunningAgent a : wanted) {
            if (a.lineage().result.isDone()) {
                AgentLoop.Outcome out = a.lineage().result.getNow(null);
                ObjectNode f = finished.addObject();
                f.put("id", a.id())
                        .put("name", a.name())
                        .put("status", out.status().name().toLowerCase(Locale.ROOT));
                f.put("result", out.text());
                if (out.error() != null && !out.error().isBlank()) f.put("error", out.error());
            } else {
                a.lineage().collected = false;
                running.addObject().put("id", a.id()).put("name", a.name()).put("status", status(a));
            }
        }
        if (me.cancelled()) o.put("note", "you were cancelled while waiting");
        return o.toString();
    }

    @Override
    public String tasks(String caller, String id) {
        RunningAgent a = descendant(caller(caller), id);
        ArrayNode out = Json.mapper().createArrayNode();
        for (TaskLists.Item i : taskLists.list(a.sessionId())) {
            out.addObject()
                    .put("id", i.id())
                    .put("title", i.title())
                    .put("status", i.status().name().toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    @Override
    public String message(String caller, String id, String text) {
        RunningAgent a = descendant(caller(caller), id);
        if (text == null || text.isBlank()) throw new ToolFailure("message_agent needs some text");
        if (Spawning.finished(a) && a.lineage().placement.oneShot())
            throw new ToolFailure("'" + a.name() + "' has finished; its result is in wait_agents");
        a.offer("[message from your parent '" + caller(caller).name() + "'] " + text.strip());
        return "queued for " + a.name() + " (" + a.id() + "): delivered at its next tool boundary";
    }

    @Override
    public String cancel(String caller, String id) {
        RunningAgent a = descendant(caller(caller), id);
        runtime.cancelTree(a);
        return "cancelling " + a.name() + " (" + a.id() + ") and its subtree";
    }

    @Override
    public String askUser(String caller, String question, List<String> options) throws InterruptedException {
        RunningAgent me = caller(caller);
        if (!me.lineage().placement.detached())
            throw new ToolFailure("ask_user is for detached agents, which have their own thread with the user;"
                    + " put the question in your answer instead");
        return questions.ask(runtime, me, question, options);
    }

    /** The message a detached child's parent receives when the child finishes and nobody waited for it. */
    static String report(RunningAgent child, AgentLoop.Outcome out) {
        return "[agent '" + child.name() + "' (" + child.id() + ") finished: "
                + out.status().name().toLowerCase(Locale.ROOT) + "]\n" + out.text()
                + (out.error() == null || out.error().isBlank() ? "" : "\nerror: " + out.error());
    }

    private ObjectNode describe(RunningAgent a) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", a.id()).put("name", a.name()).put("status", status(a)).put("waiting_for", a.detail());
        o.put("parent", a.lineage().parent == null ? null : a.lineage().parent.id());
        o.put("depth", a.lineage().depth).put("detached", a.lineage().placement.detached());
        o.put("tokens", a.tokens()).put("cost_usd", a.cost().doubleValue());
        return o;
    }

    private static String status(RunningAgent a) {
        return a.status().name().toLowerCase(Locale.ROOT);
    }

    private RunningAgent caller(String id) {
        RunningAgent a = runtime.find(id);
        if (a == null) throw new ToolFailure("this tool needs a running agent; '" + id + "' is none");
        return a;
    }

    /** The given descendants, or all the caller's children. */
    private List<RunningAgent> targets(RunningAgent me, List<String> ids) {
        if (ids == null || ids.isEmpty()) return List.copyOf(me.lineage().children);
        List<RunningAgent> out = new ArrayList<>();
        for (String id : ids) out.add(descendant(me, id));
        return out;
    }

    private RunningAgent descendant(RunningAgent me, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) throw new ToolFailure("name an agent by its id (agt_...) or name");
        for (RunningAgent a : Spawning.subtree(me)) {
            if (a != me && (a.id().equals(idOrName.strip()) || a.name().equals(idOrName.strip()))) return a;
        }
        throw new ToolFailure("'" + idOrName + "' is not one of your descendants; your children: "
                + me.lineage().children.stream()
                        .map(c -> c.name() + " (" + c.id() + ")")
                        .toList());
    }
}
