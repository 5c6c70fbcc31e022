package dev.dispatch.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.tool.ToolFailure;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The questions detached agents put to the user ({@code ask_user}). Asking publishes
 * {@code QuestionAsked} (naming the agent's ancestry, in the same queue as permission prompts) and
 * the agent's WAITING_USER status, and parks the agent until {@link #answer} (the
 * {@code AnswerQuestion} op, from any face) or a cancel. An unknown id is not_found; an answered one
 * a conflict.
 */
public final class Questions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_QUESTION = 4000;

    private record Open(String agentId, CompletableFuture<String> answer) {}

    private final InstantSource clock;
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    public Questions(InstantSource clock) {
        this.clock = clock;
    }

    String ask(AgentRuntime runtime, RunningAgent agent, String question, List<String> options)
            throws InterruptedException {
        if (question == null || question.isBlank()) throw new ToolFailure("ask_user needs a question");
        if (question.length() > MAX_QUESTION)
            throw new ToolFailure(
                    "the question is " + question.length() + " characters; keep it under " + MAX_QUESTION);
        List<String> opts = options == null
                ? List.of()
                : options.stream().filter(o -> o != null && !o.isBlank()).toList();
        String id = "q_" + HexFormat.of().formatHex(bytes());
        Open entry = new Open(agent.id(), new CompletableFuture<>());
        open.put(id, entry);
        runtime.setStatus(agent, AgentStatus.WAITING_USER, "question " + id + ": " + question.strip());
        runtime.events()
                .accept(new RuntimeEvents.QuestionAsked(
                        id, agent.id(), Spawning.ancestry(agent), question.strip(), opts, clock.instant()));
        try {
            while (true) {
                if (agent.cancelled()) {
                    if (open.remove(id) != null) answered.add(id);
                    runtime.events().accept(new RuntimeEvents.QuestionAnswered(id, agent.id(), "", true));
                    throw new ToolFailure("cancelled while waiting for the user's answer");
                }
                try {
                    String answer = entry.answer().get(50, TimeUnit.MILLISECONDS);
                    ObjectNode o = Json.mapper().createObjectNode();
                    o.put("question_id", id).put("answer", answer);
                    return o.toString();
                } catch (TimeoutException e) {
                    // look at the cancel flag again
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (!agent.cancelled()) runtime.setStatus(agent, AgentStatus.RUNNING, "");
        }
    }

    /** Answers an open question; the agent resumes with the answer as the tool result. */
    public String answer(
            String questionId, String answer, java.util.function.Consumer<dev.dispatch.protocol.Event> events) {
        if (answer == null || answer.isBlank())
            throw EngineException.invalid("empty answer for " + questionId + ": type the answer");
        Open entry = questionId == null ? null : open.remove(questionId);
        if (entry == null) {
            if (answered.contains(questionId))
                throw EngineException.conflict("question " + questionId + " was already answered");
            throw EngineException.notFound("no open question '" + questionId + "'; open ones: "
                    + (open.isEmpty() ? "none" : String.join(", ", open.keySet())));
        }
        answered.add(questionId);
        events.accept(new RuntimeEvents.QuestionAnswered(questionId, entry.agentId(), answer.strip(), false));
        entry.answer().complete(answer.strip());
        return entry.agentId();
    }

    /** Ids of questions still waiting. */
    public Set<String> openIds() {
        return Set.copyOf(open.keySet());
    }

    private static byte[] bytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }
}
