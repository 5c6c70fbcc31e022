package dev.dispatch.daemon;

import dev.dispatch.app.EngineHost;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalReader;
import dev.dispatch.protocol.Routes;
import dev.dispatch.protocol.Subscription;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the daemon serves: an engine, the journal its streams replay, how agent tokens map to agents,
 * the route table, and where the SSE hub hears of new events ({@code live}: for the engine the daemon
 * hosts, its bus directly; the hub reads the journal itself, so a journal-replaying subscription would
 * read every event twice), and why the store cannot write right now ({@code trouble}, {@code null} when it
 * can: health says {@code degraded} meanwhile). Production uses {@link #of(EngineHost)}; tests may serve any engine.
 */
public record Backend(
        Engine engine,
        JournalReader journal,
        AgentTokens agentTokens,
        Routes routes,
        Function<Consumer<Event>, Subscription> live,
        Supplier<String> trouble) {
    /** A backend whose hub hears of events through the engine's own subscription. */
    public Backend(Engine engine, JournalReader journal, AgentTokens agentTokens, Routes routes) {
        this(engine, journal, agentTokens, routes, sink -> engine.subscribe(EventFilter.all(), sink), () -> null);
    }

    public static Backend of(EngineHost host) {
        return new Backend(
                host.engine(),
                host.journal(),
                token -> host.agentForToken(token).map(a -> new AgentTokens.Agent(a.space(), a.name())),
                Routes.standard(),
                host::live,
                host::storeTrouble);
    }
}
