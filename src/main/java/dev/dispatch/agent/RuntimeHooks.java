package dev.dispatch.agent;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.provider.ContentBlock;
import dev.dispatch.provider.Message;
import dev.dispatch.session.AgentSnapshots;
import dev.dispatch.session.Checkpoints;
import dev.dispatch.session.Sessions;
import dev.dispatch.session.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the store adds to an {@link AgentRuntime}'s agents, each part optional and set once at wiring:
 * compaction of contexts (and resumes that start from the latest one), turn checkpoints, agent snapshots,
 * and the notices an input carries (undos). Kept apart so the runtime is about running agents, and each
 * agent's loop is hooked to the same parts.
 */
final class RuntimeHooks {
    /** Compaction of agents' contexts (null: none, and resumes send every stored message). */
    volatile Compaction compaction;

    volatile Checkpoints checkpoints;
    volatile AgentSnapshots snapshots;
    volatile Function<String, List<String>> notices;

    /** Hooks a new agent's loop to the parts set now. */
    void wire(AgentLoop loop) {
        Compaction compacting = compaction;
        if (compacting != null) loop.autoCompact(compacting::auto);
        var checkpointing = checkpoints;
        if (checkpointing != null) loop.onTurn(checkpointing::beginTurn);
        var pending = notices;
        if (pending != null) loop.notices(pending);
    }

    /**
     * Writes the agent's snapshot. A failed write never stops the agent: the snapshot is a record of it,
     * and the store that refuses it (closing at shutdown, full) reports that through the agent's own writes.
     */
    void persist(RunningAgent agent) {
        var store = snapshots;
        if (store == null) return;
        try {
            store.save(agent.snapshot());
        } catch (RuntimeException e) {
            // see above: the agent's next message or status write meets the same store and reports it
        }
    }

    /** Compacts on the agent's own thread (it is idle: {@link #compactNow} asked it to). */
    void compactIdle(RunningAgent agent, CompletableFuture<Compactor.Result> done) {
        agent.resetCancel();
        try {
            done.complete(compaction.now(agent, "asked for"));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** Asks an idle agent's thread to compact its context and waits; refused while it works. */
    Compactor.Result compactNow(RunningAgent a) throws InterruptedException {
        if (compaction == null) throw EngineException.invalid("this engine does not compact conversations");
        if (a.status() != AgentStatus.DONE && a.status() != AgentStatus.ERROR && a.status() != AgentStatus.CANCELLED)
            throw EngineException.conflict("agent " + a.name() + " (" + a.id() + ") is "
                    + a.status().name().toLowerCase(java.util.Locale.ROOT)
                    + "; compact when its turn is over (it compacts by itself near the context window)");
        try {
            return a.offerCompaction().get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw EngineException.conflict("compaction of " + a.id() + " did not finish within 10 minutes");
        }
    }

    /** The stored conversation, made valid again if a crash left tool calls without results. */
    List<Message> restore(Sessions sessions, String sessionId) {
        List<Message> out = new ArrayList<>();
        Compaction compacting = compaction;
        if (compacting != null) out.addAll(compacting.compactor().restore(sessionId));
        else
            for (StoredMessage m : sessions.messages(sessionId))
                out.add(Conversation.fromJson(m.role(), m.contentJson()));
        if (!out.isEmpty() && out.get(out.size() - 1).role() == Message.Role.ASSISTANT) {
            List<ContentBlock> missing = new ArrayList<>();
            for (ContentBlock b : out.get(out.size() - 1).content()) {
                if (b instanceof ContentBlock.ToolUse u) {
                    missing.add(ContentBlock.ToolResult.error(
                            u.id(), "interrupted: the previous run stopped before this tool finished"));
                }
            }
            if (!missing.isEmpty()) {
                // stored too, so the stored transcript and the context stay message for message (compaction)
                Message closing = Message.user(missing);
                out.add(closing);
                sessions.appendMessage(
                        sessionId,
                        null,
                        Conversation.role(closing),
                        Conversation.toJson(closing),
                        Conversation.plainText(closing));
            }
        }
        return out;
    }
}
