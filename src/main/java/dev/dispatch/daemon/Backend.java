package dev.dispatch.daemon;

import dev.dispatch.app.EngineHost;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.JournalReader;
import dev.dispatch.protocol.Routes;

/**
 * What the daemon serves: an engine, the journal its streams replay, how agent tokens map to agents,
 * and the route table. Production uses {@link #of(EngineHost)}; tests may serve any engine.
 */
public record Backend(Engine engine, JournalReader journal, AgentTokens agentTokens, Routes routes) {
    public static Backend of(EngineHost host) {
        return new Backend(host.engine(), host.journal(),
                token -> host.agentForToken(token).map(a -> new AgentTokens.Agent(a.space(), a.name())), Routes.standard());
    }
}
