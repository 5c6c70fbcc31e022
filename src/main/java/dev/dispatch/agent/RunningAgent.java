package dev.dispatch.agent;

import dev.dispatch.permission.PermissionGate;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.provider.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One live agent: its conversation (touched only by its own thread), the inbox of user input that
 * waits for the next tool boundary, its status and running totals, and the cancel switches of what it
 * is doing right now (the model stream, the tool call). Cancelling flips both and is never lost.
 */
final class RunningAgent {
    /**
     * One inbox entry: user text, the signal to end once idle (which no text can be mistaken for), or a
     * compaction asked for while idle ({@code compact} completes with its result).
     */
    record Input(String text, boolean stop, java.util.concurrent.CompletableFuture<Compactor.Result> compact) {
        static final Input STOP = new Input(null, true, null);

        static Input of(String text) {
            return new Input(java.util.Objects.requireNonNull(text, "text"), false, null);
        }
    }

    private final String id;
    private final String name;
    private final Lineage lineage;
    private final String sessionId;
    /** Replaced as a whole by a model switch; the loop reads it afresh for each call. */
    private volatile AgentSpec spec;

    private final PermissionGate gate;
    private final List<Message> history = new ArrayList<>();
    private final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>();
    private final AtomicReference<dev.dispatch.protocol.Cancellation> stream = new AtomicReference<>();
    private final AtomicReference<Cancellation> tool = new AtomicReference<>();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final AtomicReference<java.math.BigDecimal> cost = new AtomicReference<>(java.math.BigDecimal.ZERO);
    private volatile boolean cancelled;
    /** Why the current turn stops: a cancel, or the user interrupting it (the agent lives on either way). */
    private volatile String cancelReason = CANCELLED_BY_USER;

    static final String CANCELLED_BY_USER = "cancelled by the user";
    static final String INTERRUPTED_BY_USER = "interrupted by the user";
    private volatile AgentStatus status = AgentStatus.RUNNING;
    private volatile String detail = "";

    RunningAgent(
            String id,
            String name,
            RunningAgent parent,
            Placement placement,
            String sessionId,
            AgentSpec spec,
            PermissionGate gate) {
        this.id = id;
        this.name = name;
        this.lineage = new Lineage(parent, placement);
        this.sessionId = sessionId;
        this.spec = spec;
        this.gate = gate;
    }

    String id() {
        return id;
    }

    String sessionId() {
        return sessionId;
    }

    String name() {
        return name;
    }

    Lineage lineage() {
        return lineage;
    }

    String detail() {
        return detail;
    }

    long tokens() {
        return inputTokens.get() + outputTokens.get();
    }

    java.math.BigDecimal cost() {
        return cost.get();
    }

    AgentSpec spec() {
        return spec;
    }

    /** Switches the model the next calls use (the conversation stays as it is: our format, not a wire format). */
    void switchModel(ModelChoice model, Routing routing) {
        spec = spec.withModel(model, routing);
    }

    PermissionGate gate() {
        return gate;
    }

    List<Message> history() {
        return history;
    }

    void offer(String text) {
        inbox.add(Input.of(text));
    }

    /** Queues a compaction for this agent's own thread; the future completes when it is done. */
    java.util.concurrent.CompletableFuture<Compactor.Result> offerCompaction() {
        var f = new java.util.concurrent.CompletableFuture<Compactor.Result>();
        inbox.add(new Input(null, false, f));
        return f;
    }

    /** Waits for the next input; null when the wait timed out. */
    Input awaitInput(long timeout, TimeUnit unit) throws InterruptedException {
        return inbox.poll(timeout, unit);
    }

    /** Everything queued since the last look (delivered at a tool boundary); never the stop signal. */
    List<String> drainInbox() {
        List<Input> drained = new ArrayList<>();
        inbox.drainTo(drained);
        List<String> out = new ArrayList<>();
        boolean stop = false;
        for (Input i : drained) {
            if (i.stop()) stop = true;
            else if (i.compact() != null) inbox.add(i); // runs when the turn is over
            else out.add(i.text());
        }
        if (stop) inbox.add(Input.STOP);
        return out;
    }

    /** Cancels what the agent is doing and tells its thread to end once it is idle. */
    void stop() {
        cancel();
        inbox.add(Input.STOP);
    }

    dev.dispatch.protocol.Cancellation beginStream() {
        var c = new dev.dispatch.protocol.Cancellation();
        stream.set(c);
        if (cancelled) c.cancel();
        return c;
    }

    void endStream() {
        stream.set(null);
    }

    Cancellation beginToolCall() {
        Cancellation c = new Cancellation();
        tool.set(c);
        if (cancelled) c.cancel();
        return c;
    }

    void endToolCall() {
        tool.set(null);
    }

    /** Stops the model stream and running tool now; the loop sees {@link #cancelled()} at its next step. */
    void cancel() {
        cancelled = true;
        var s = stream.get();
        if (s != null) s.cancel();
        Cancellation t = tool.get();
        if (t != null) t.cancel();
    }

    /** Stops the current turn like {@link #cancel}, recorded as the user's interruption. */
    void interrupt() {
        cancelReason = INTERRUPTED_BY_USER;
        cancel();
    }

    boolean cancelled() {
        return cancelled;
    }

    String cancelReason() {
        return cancelReason;
    }

    /** Clears a finished cancel so new input can run again. */
    void resetCancel() {
        cancelled = false;
        cancelReason = CANCELLED_BY_USER;
    }

    void status(AgentStatus s, String d) {
        status = s;
        detail = d == null ? "" : d;
    }

    AgentStatus status() {
        return status;
    }

    void addUsage(long in, long out, java.math.BigDecimal usd) {
        inputTokens.addAndGet(in);
        outputTokens.addAndGet(out);
        cost.accumulateAndGet(usd, java.math.BigDecimal::add);
    }

    AgentSnapshot snapshot() {
        return new AgentSnapshot(
                id,
                lineage.parent == null ? spec.parentAgentId() : lineage.parent.id(),
                name,
                sessionId,
                spec.model().id(),
                spec.model().providerName(),
                status,
                detail,
                inputTokens.get(),
                outputTokens.get(),
                cost.get().doubleValue(),
                lineage.depth,
                lineage.placement.template(),
                lineage.placement.detached(),
                permissions(),
                skills());
    }

    /** What its gate lets it do unasked, and whether it may summon. */
    private List<String> permissions() {
        List<String> out = new ArrayList<>(gate.grants());
        if (lineage.placement.maySummon()) out.add("summon_subagents");
        return out;
    }

    /** The skills its system prompt loaded, then the ones it activated since. */
    List<String> skills() {
        List<String> out = new ArrayList<>(dev.dispatch.skill.SkillCatalog.loadedIn(spec.extraSystem()));
        for (String s : activated) if (!out.contains(s)) out.add(s);
        return out;
    }

    /** Records a skill loaded by {@code activate_skill}. */
    void activated(String skill) {
        if (skill != null && !skill.isBlank()) activated.add(skill);
    }

    private final java.util.Set<String> activated = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
