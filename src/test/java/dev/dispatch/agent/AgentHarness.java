package dev.dispatch.agent;

import dev.dispatch.permission.Permissions;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.OllamaProbe;
import dev.dispatch.provider.Provider;
import dev.dispatch.provider.ProviderSettings;
import dev.dispatch.provider.Providers;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import dev.dispatch.tool.ToolRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real agent runtime for scenario tests: real store in a temp dir, real tools on a real project
 * dir, the project-root permission policy, a provider pointed at the scripted model server, and
 * every event recorded.
 */
final class AgentHarness implements AutoCloseable {
    final Path project;
    final Store store;
    final Sessions sessions;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final AgentRuntime runtime;

    AgentHarness(Path project, Path data) {
        this(project, data, AgentHarness::rootOnly, ToolRegistry.standard());
    }

    /** A runtime whose agents ask {@code gates} (permission scenarios) and use {@code tools}. */
    AgentHarness(Path project, Path data, GateFactory gates, ToolRegistry tools) {
        this.project = project;
        this.store = Store.open(data);
        this.sessions = new Sessions(store, InstantSource.system());
        this.runtime = new AgentRuntime(sessions, tools, gates, events::add, InstantSource.system());
    }

    static dev.dispatch.permission.PermissionGate rootOnly(String agentId, String parent, Path root) {
        try {
            return new Permissions(root).gate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ModelChoice model(ProviderSettings settings, int contextWindow) {
        Provider p = Providers.create(settings, (d, c) -> {}, OllamaProbe.local());
        return new ModelChoice("scripted", settings.model(), p, Pricing.FREE, contextWindow);
    }

    AgentRuntime.Started start(ProviderSettings settings, String prompt) {
        return runtime.start(new AgentSpec("main", prompt, project, "test", model(settings, 0), 10, null, null));
    }

    /** Waits for the agent's next AgentFinished event (the n-th, counting from 1). */
    RuntimeEvents.AgentFinished awaitFinished(String agentId, int nth) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<RuntimeEvents.AgentFinished> done = of(RuntimeEvents.AgentFinished.class).stream()
                    .filter(f -> f.agentId().equals(agentId))
                    .toList();
            if (done.size() >= nth) return done.get(nth - 1);
            Thread.sleep(5);
        }
        throw new AssertionError("agent " + agentId + " did not finish; events: " + events);
    }

    RuntimeEvents.AgentFinished awaitFinished(String agentId) throws InterruptedException {
        return awaitFinished(agentId, 1);
    }

    /** Waits until an event of this type is recorded. */
    <T extends Event> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<T> found = of(type);
            if (!found.isEmpty()) return found.get(0);
            Thread.sleep(5);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; events: " + events);
    }

    <T extends Event> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static boolean finishedOk(RuntimeEvents.AgentFinished f) {
        return f.status() == AgentStatus.DONE;
    }

    @Override
    public void close() {
        runtime.close();
        store.close();
    }
}
