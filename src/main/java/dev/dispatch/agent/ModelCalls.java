package dev.dispatch.agent;

import dev.dispatch.protocol.Cancellation;
import dev.dispatch.provider.ModelRequest;

/**
 * How the turn loop makes one model call. {@link #direct} uses the agent's own model as is; the
 * {@link KeyGateway} picks a key per call, enforces budgets, fails over and waits.
 */
interface ModelCalls {
    /** What answered: the assembled turn, the model that produced it and the key that paid for it. */
    record Served(AssistantTurn turn, ModelChoice model, String keyId) {}

    Served call(RunningAgent agent, ModelRequest request, Cancellation cancellation) throws InterruptedException;

    static ModelCalls direct(StreamAssembler assembler) {
        return (agent, request, cancellation) -> {
            ModelChoice m = agent.spec().model();
            return new Served(
                    assembler.stream(agent.id(), m.provider(), request, cancellation),
                    m,
                    m.provider().settings().apiKey().id());
        };
    }
}
