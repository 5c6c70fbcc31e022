package dev.dispatch.agent;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ContentBlock;
import dev.dispatch.provider.Message;
import dev.dispatch.provider.ModelEvent;
import dev.dispatch.provider.ModelRequest;
import dev.dispatch.provider.ProviderFailure;
import dev.dispatch.provider.StopReason;
import dev.dispatch.session.Sessions;
import dev.dispatch.session.UsageRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The turn loop for one piece of user input: build the request, stream the answer, run the tools it
 * asks for, and repeat until the model ends its turn, the turn limit is hit, it fails, or the user
 * cancels. Each step is recorded in the session as it happens and announced as an event. The three
 * steps live in {@link RequestBuilder}, {@link StreamAssembler} and {@link ToolDispatcher}.
 */
final class AgentLoop {
    /** How one input ended. */
    record Outcome(AgentStatus status, String text, String error) {}

    private final RequestBuilder requests;
    private final ModelCalls calls;
    private final ToolDispatcher tools;
    private final Sessions sessions;
    private final Consumer<Event> events;
    /** Compacts the agent's context when it nears the window (null: never); set by the runtime. */
    private volatile java.util.function.Consumer<RunningAgent> autoCompact;

    AgentLoop(
            RequestBuilder requests,
            ModelCalls calls,
            ToolDispatcher tools,
            Sessions sessions,
            Consumer<Event> events) {
        this.requests = requests;
        this.calls = calls;
        this.tools = tools;
        this.sessions = sessions;
        this.events = events;
    }

    /**
     * The loop of an agent started from {@code spec} at {@code placement}: its calls go through the key
     * gateway when the spec has routing and the runtime a key ledger, else straight to the provider.
     */
    static AgentLoop of(
            AgentSpec spec,
            Placement placement,
            dev.dispatch.tool.ToolRegistry tools,
            Sessions sessions,
            Consumer<Event> events,
            java.time.InstantSource clock,
            KeyLedger keys) {
        StreamAssembler assembler = new StreamAssembler(events);
        ModelCalls calls = spec.routing() != null && keys != null
                ? new KeyGateway(spec.routing(), keys, assembler, events, clock)
                : ModelCalls.direct(assembler);
        List<String> offered = new ArrayList<>(spec.tools());
        return new AgentLoop(
                new RequestBuilder(
                        spec.projectRoot(), tools, spec.model(), spec.extraSystem(), offered, placement.hiddenTools()),
                calls,
                new ToolDispatcher(tools, sessions, events),
                sessions,
                events);
    }

    /** Told (session, turn) when an input starts a turn: turn checkpoints number their files by it. */
    private volatile java.util.function.ObjIntConsumer<String> turnStarted = (s, t) -> {};

    AgentLoop onTurn(java.util.function.ObjIntConsumer<String> listener) {
        this.turnStarted = listener;
        return this;
    }

    /**
     * Told each input's session before the input is recorded; answers notes the model must read with it
     * (what was undone since its last turn), or an empty list. They go first in the input's message.
     */
    AgentLoop notices(java.util.function.Function<String, List<String>> pending) {
        this.notices = pending;
        return this;
    }

    private volatile java.util.function.Function<String, List<String>> notices = s -> List.of();

    AgentLoop autoCompact(java.util.function.Consumer<RunningAgent> compact) {
        this.autoCompact = compact;
        return this;
    }

    Outcome run(RunningAgent agent, String input) throws InterruptedException {
        turnStarted.accept(agent.sessionId(), append(agent, userMessage(agent, input)));
        events.accept(new RuntimeEvents.UserMessageDelivered(agent.id(), input));
        String lastText = "";
        for (int turn = 1; turn <= agent.spec().maxTurns(); turn++) {
            if (agent.cancelled()) return cancelled(agent, lastText);
            String over = overSpend(agent);
            if (over != null) return new Outcome(AgentStatus.ERROR, lastText, over);
            // 1) request (after compacting older turns when the context nears the model's window)
            var compact = autoCompact;
            if (compact != null) compact.accept(agent);
            ModelRequest request = requests.build(agent.history(), agent.spec().model());
            String overflow = contextOverflow(agent);
            if (overflow != null) return new Outcome(AgentStatus.ERROR, lastText, overflow);
            events.accept(new RuntimeEvents.TurnStarted(agent.id(), turn));
            // 2) stream
            ModelCalls.Served served;
            try {
                served = calls.call(agent, request, agent.beginStream());
            } finally {
                agent.endStream();
            }
            AssistantTurn answer = served.turn();
            recordUsage(agent, served, answer.usage());
            if (!answer.text().isEmpty() || !answer.toolCalls().isEmpty()) append(agent, assistantMessage(answer));
            if (!answer.text().isEmpty()) lastText = answer.text();
            events.accept(new RuntimeEvents.TurnEnded(agent.id(), turn, answer.rawStopReason()));
            if (answer.failed())
                return new Outcome(
                        AgentStatus.ERROR,
                        lastText,
                        describe(agent, answer.failure().failure()));
            if (answer.stopReason() == StopReason.CANCELLED || agent.cancelled()) {
                closeDanglingCalls(agent, answer);
                return cancelled(agent, lastText);
            }
            // 3) tools, then any input queued meanwhile (delivered at this tool boundary)
            List<String> queued = agent.drainInbox();
            if (answer.toolCalls().isEmpty()) {
                if (queued.isEmpty()) return new Outcome(AgentStatus.DONE, lastText, null);
                append(agent, Message.user(String.join("\n\n", queued)));
                queued.forEach(q -> events.accept(new RuntimeEvents.UserMessageDelivered(agent.id(), q)));
                continue;
            }
            List<ContentBlock> results = new ArrayList<>(tools.run(agent, answer.toolCalls()));
            queued.addAll(agent.drainInbox());
            for (String q : queued) results.add(new ContentBlock.Text(q));
            append(agent, Message.user(results));
            queued.forEach(q -> events.accept(new RuntimeEvents.UserMessageDelivered(agent.id(), q)));
        }
        return new Outcome(
                AgentStatus.ERROR,
                lastText,
                "stopped after " + agent.spec().maxTurns()
                        + " model turns without finishing (raise the limit with --max-turns)");
    }

    /** A child stops before a turn that its tree can no longer pay for (subagents.max_usd / max_tokens). */
    private static String overSpend(RunningAgent agent) {
        Lineage line = agent.lineage();
        if (line.parent == null) return null;
        String over = Spawning.overSpend(Spawning.spend(line.root(agent)), line.placement.limits());
        return over == null ? null : "stopped before the next model call: " + over;
    }

    private Outcome cancelled(RunningAgent agent, String lastText) {
        return new Outcome(AgentStatus.CANCELLED, lastText, agent.cancelReason());
    }

    /** A cancelled answer may have asked for tools that will never run: answer them so history stays valid. */
    private void closeDanglingCalls(RunningAgent agent, AssistantTurn answer) {
        if (answer.toolCalls().isEmpty()) return;
        List<ContentBlock> results = new ArrayList<>();
        for (ModelEvent.ToolCallCompleted c : answer.toolCalls()) {
            results.add(ContentBlock.ToolResult.error(c.id(), "cancelled by the user before this tool ran"));
        }
        append(agent, Message.user(results));
    }

    private static Message assistantMessage(AssistantTurn answer) {
        List<ContentBlock> blocks = new ArrayList<>();
        if (!answer.text().isEmpty()) blocks.add(new ContentBlock.Text(answer.text()));
        for (ModelEvent.ToolCallCompleted c : answer.toolCalls()) blocks.add(ToolDispatcher.toolUse(c));
        return Message.assistant(blocks);
    }

    private int append(RunningAgent agent, Message m) {
        agent.history().add(m);
        return sessions.appendMessage(
                agent.sessionId(), agent.id(), Conversation.role(m), Conversation.toJson(m), Conversation.plainText(m));
    }

    private void recordUsage(RunningAgent agent, ModelCalls.Served served, ModelEvent.Usage u) {
        if (u.totalTokens() == 0) return;
        ModelChoice model = served.model();
        BigDecimal usd = model.pricing().cost(u);
        agent.addUsage(u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens(), u.outputTokens(), usd);
        sessions.recordUsage(
                agent.sessionId(),
                new UsageRow(
                        agent.id(),
                        model.id(),
                        served.keyId(),
                        u.inputTokens(),
                        u.outputTokens(),
                        u.cacheReadTokens(),
                        u.cacheWriteTokens(),
                        usd,
                        model.providerName()));
        events.accept(new RuntimeEvents.UsageRecorded(
                agent.id(),
                model.id(),
                u.inputTokens(),
                u.outputTokens(),
                u.cacheReadTokens(),
                u.cacheWriteTokens(),
                usd.doubleValue()));
    }

    /** A conversation larger than the model's window fails before the call, naming the numbers. */
    private String contextOverflow(RunningAgent agent) {
        int window = agent.spec().model().contextWindow();
        if (window <= 0) return null;
        long estimate = Conversation.estimateTokens(agent.history(), requests.system());
        if (estimate <= window) return null;
        return "the conversation is about " + estimate + " tokens but model '"
                + agent.spec().model().id() + "' has a context window of " + window
                + " tokens; start a new session or choose a larger model";
    }

    private static String describe(RunningAgent agent, ProviderFailure f) {
        String m = f.message();
        if (f.kind() == ProviderFailure.Kind.REQUEST
                && m.toLowerCase(java.util.Locale.ROOT).matches(".*(context|too long|too many tokens).*")) {
            int window = agent.spec().model().contextWindow();
            long estimate = Conversation.estimateTokens(agent.history(), null);
            return "context overflow: the conversation is about " + estimate + " tokens"
                    + (window > 0 ? " for a " + window + "-token window" : "") + "; the provider said: " + m;
        }
        return m;
    }

    /** The input as the model gets it: the pending notices (each its own text block) first, then the input. */
    private Message userMessage(RunningAgent agent, String input) {
        List<String> pending = notices.apply(agent.sessionId());
        if (pending.isEmpty()) return Message.user(input);
        List<dev.dispatch.provider.ContentBlock> blocks = new java.util.ArrayList<>();
        for (String n : pending) blocks.add(new dev.dispatch.provider.ContentBlock.Text(n));
        blocks.add(new dev.dispatch.provider.ContentBlock.Text(input));
        return Message.user(blocks);
    }
}
