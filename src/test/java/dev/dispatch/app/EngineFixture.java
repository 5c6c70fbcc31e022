package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The agent module as the engine hosts it, on a real store in a temp dir, with a fake home, a user
 * config the test writes, a controllable clock, and every event recorded.
 */
final class EngineFixture implements AutoCloseable {
    final Path home;
    final Path project;
    final Map<String, String> env = new HashMap<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final List<Event> events = new CopyOnWriteArrayList<>();
    private Store store;
    private AgentModule module;
    private OpRouter router;

    EngineFixture(Path tmp) {
        this.home = tmp.resolve("home");
        this.project = tmp.resolve("project");
        mkdirs(project.resolve(".git"));
        env.put("HOME", home.toString());
        env.put("DISPATCH_HOME", tmp.resolve("dh").toString());
    }

    Path userConfig(String yaml) {
        return write(Dirs.resolve(env).userConfigFile(), yaml);
    }

    /** Opens the store and the module (again, after {@link #restart}). */
    EngineFixture open() {
        Dirs dirs = Dirs.resolve(env);
        store = Store.open(dirs.data());
        Bus<Event> bus = new Bus<>();
        bus.subscribe(e -> true, events::add);
        router = new OpRouter();
        module = new AgentModule(dirs, env, store, bus, clock, d -> {
            clock.paused();
            Thread.sleep(d.toMillis());
        });
        module.register(router);
        return this;
    }

    void restart() {
        close();
        open();
    }

    <R> R submit(Op<R> op) {
        return router.route(op);
    }

    SessionOps.StartAgentResult start(String prompt) {
        return submit(SessionOps.StartAgent.of(prompt, project.toString()));
    }

    RuntimeEvents.AgentFinished awaitFinished(String agentId) throws InterruptedException {
        return await(RuntimeEvents.AgentFinished.class, f -> f.agentId().equals(agentId));
    }

    /** The first event of {@code type} (or journaled payload: key switches, reloads) that matches. */
    <T> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Event e : events) {
                Object seen = e instanceof dev.dispatch.protocol.JournalEvent j ? j.payload() : e;
                if (type.isInstance(seen) && match.test(type.cast(seen))) return type.cast(seen);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + "; events: " + events);
    }

    <T> List<T> of(Class<T> type) {
        return events.stream()
                .map(e -> e instanceof dev.dispatch.protocol.JournalEvent j ? (Object) j.payload() : e)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    boolean waiting(String agentId) {
        return of(RuntimeEvents.AgentStateChanged.class).stream()
                .anyMatch(s -> s.agentId().equals(agentId) && s.status() == AgentStatus.WAITING_KEY);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (module != null) module.close();
        if (store != null) store.close();
    }
}
