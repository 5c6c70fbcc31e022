package dev.dispatch.permission;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The prompts waiting for the operator. Asking publishes {@code PermissionRequested} (and the agent's
 * WAITING_USER status) and parks the tool's thread; {@link #reply} answers by request id from any
 * face (TUI modal, {@code dispatch permission reply}, the API) and publishes
 * {@code PermissionResolved}. An unknown id is not_found; an id answered already is a conflict.
 * Cancelling an agent refuses its open prompts.
 */
public final class PendingPrompts implements Prompter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int REMEMBERED = 1024;

    /** Reports an agent's status change (the runtime keeps it for snapshots and emits the event). */
    @FunctionalInterface
    public interface StatusSink {
        void status(String agentId, AgentStatus status, String detail);
    }

    private record Open(String agentId, CompletableFuture<Reply> answer) {}

    private final Consumer<Event> events;
    private final StatusSink status;
    private final InstantSource clock;
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Set<String> answered = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    /** How a prompt names its agent's place in the tree ({@code main › planner}); by default its id. */
    private volatile java.util.function.UnaryOperator<String> ancestry = id -> id;

    public void ancestry(java.util.function.UnaryOperator<String> names) {
        this.ancestry = names == null ? id -> id : names;
    }

    public PendingPrompts(Consumer<Event> events, StatusSink status, InstantSource clock) {
        this.events = events;
        this.status = status;
        this.clock = clock;
    }

    @Override
    public Reply ask(Prompt p) throws InterruptedException {
        String id = "perm_" + HexFormat.of().formatHex(bytes());
        Open entry = new Open(p.agentId(), new CompletableFuture<>());
        open.put(id, entry);
        status.status(p.agentId(), AgentStatus.WAITING_USER, "permission " + id + ": " + p.reason());
        events.accept(new RuntimeEvents.PermissionRequested(
                id,
                p.agentId(),
                p.tool(),
                p.operation().name().toLowerCase(Locale.ROOT),
                p.paths().stream().map(Path::toString).toList(),
                p.command(),
                p.reason(),
                clock.instant(),
                ancestry.apply(p.agentId())));
        try {
            return entry.answer().get();
        } catch (InterruptedException e) {
            if (open.remove(id) != null) {
                answered.add(id);
                events.accept(new RuntimeEvents.PermissionResolved(
                        id, p.agentId(), PermissionAnswer.DENY, "the agent was stopped while waiting"));
            }
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            status.status(p.agentId(), AgentStatus.RUNNING, "");
        }
    }

    /** Answers an open prompt. */
    public void reply(String requestId, PermissionAnswer decision, String note) {
        if (decision == null)
            throw EngineException.invalid("no decision for " + requestId + ": use once, session, always or deny");
        Open entry = open.remove(requestId);
        if (entry == null) {
            if (answered.contains(requestId)) {
                throw EngineException.conflict("permission request " + requestId + " was already answered");
            }
            throw EngineException.notFound("no open permission request '" + requestId + "'; open ones: "
                    + (open.isEmpty() ? "none" : String.join(", ", open.keySet())));
        }
        answered.add(requestId);
        events.accept(
                new RuntimeEvents.PermissionResolved(requestId, entry.agentId(), decision, note == null ? "" : note));
        entry.answer().complete(new Reply(decision, note));
    }

    /** Refuses every open prompt of an agent being cancelled. */
    public void cancelAgent(String agentId) {
        for (var e : Map.copyOf(open).entrySet()) {
            if (e.getValue().agentId().equals(agentId) && open.remove(e.getKey()) != null) {
                answered.add(e.getKey());
                events.accept(new RuntimeEvents.PermissionResolved(
                        e.getKey(), agentId, PermissionAnswer.DENY, "the agent was cancelled"));
                e.getValue().answer().complete(new Reply(PermissionAnswer.DENY, "the agent was cancelled"));
            }
        }
    }

    /** Ids of prompts still waiting (for listings and tests). */
    public Set<String> openIds() {
        return Set.copyOf(open.keySet());
    }

    private static byte[] bytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }
}
