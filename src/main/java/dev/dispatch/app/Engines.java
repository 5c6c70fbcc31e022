package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.coord.Coord;
import dev.dispatch.coord.Ids;
import dev.dispatch.fleet.Fleet;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.store.Store;
import dev.dispatch.store.StoreBusyException;
import dev.dispatch.store.StoreException;
import dev.dispatch.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The composition root: builds an in-process engine by hand (no DI framework) from the store and
 * each domain module's handlers.
 */
public final class Engines {
    private Engines() {}

    /** An engine for one command, with the process environment. */
    public static Engine local(Dirs dirs) {
        return local(dirs, System.getenv());
    }

    /** An engine for one command: opens the store as a one-shot, waiting its turn behind other commands. */
    public static Engine local(Dirs dirs, Map<String, String> env) {
        return wire(dirs, env, openOneShot(dirs, env), Coord.Settings.defaults(), false)
                .engine();
    }

    /**
     * Opens the store for one command. The wait ({@code store.lock_wait}) matters only when another
     * command holds the store, so the config is read only then: the common, uncontended path never
     * parses YAML just to learn how long it would have waited.
     */
    private static Store openOneShot(Dirs dirs, Map<String, String> env) {
        try {
            return Store.open(
                    dirs.data(), database(dirs, env, StoreOptions.oneShot().withWait(Duration.ZERO)));
        } catch (StoreBusyException busy) {
            return open(dirs, env, StoreOptions.oneShot().withWait(oneShotWait(dirs, env)));
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    /** An in-process engine with explicit coord settings (tests inject a clock and backoff here). */
    public static Engine local(Dirs dirs, Coord.Settings coordSettings) {
        return local(dirs, System.getenv(), StoreOptions.oneShot().withWait(StoreOptions.DEFAULT_WAIT), coordSettings);
    }

    /** An engine opened with explicit options (the daemon and the TUI open as {@link StoreOptions.Role#OWNER}). */
    public static Engine local(Dirs dirs, Map<String, String> env, StoreOptions options) {
        return local(dirs, env, options, Coord.Settings.defaults());
    }

    public static Engine local(Dirs dirs, Map<String, String> env, StoreOptions options, Coord.Settings coordSettings) {
        return wire(dirs, env, open(dirs, env, options), coordSettings, options.role() == StoreOptions.Role.OWNER)
                .engine();
    }

    /**
     * The engine a daemon hosts: the store opened as its long-lived owner (a second owner is told this
     * one's pid and {@code socket}), plus the journal reader and agent-token lookup the daemon needs.
     */
    public static EngineHost host(Dirs dirs, Map<String, String> env, Path socket) {
        return host(dirs, env, socket, "daemon");
    }

    /**
     * As {@link #host(Dirs, Map, Path)} for an owner of another {@code kind}: an interactive session
     * (workbench, chat, run) that serves the socket while it runs.
     */
    public static EngineHost host(Dirs dirs, Map<String, String> env, Path socket, String kind) {
        Store store = open(dirs, env, StoreOptions.owner(kind, socket));
        Wired w = wire(dirs, env, store, Coord.Settings.defaults(), true);
        // a headless run ends with its agent: its language servers start when a file needs one, not with
        // every agent (tsserver alone is ~450 MiB, and each one started must be shut down at exit)
        if ("run".equals(kind)) w.agents().prewarmLanguageServers = false;
        resumeWaiting(w.engine());
        return new EngineHost(
                w.engine(),
                store,
                token -> w.coord()
                        .agents()
                        .byTokenHash(Ids.tokenHash(token))
                        .map(a -> new EngineHost.Agent(a.space(), a.name())),
                w.bus());
    }

    /**
     * An in-process engine for a long-lived face (the workbench, chat, a headless run): it owns the
     * store while it runs, so other commands are told at once who holds it, and it resumes the agents
     * that were waiting for a usable key when the previous owner stopped.
     */
    public static Engine owner(Dirs dirs, Map<String, String> env, String kind) {
        Engine engine = local(dirs, env, StoreOptions.owner(kind, null));
        resumeWaiting(engine);
        return engine;
    }

    private static void resumeWaiting(Engine engine) {
        try {
            engine.submit(new ModelOps.ResumeWaitingAgents());
        } catch (RuntimeException e) {
            // a waiting agent that cannot resume (its model was removed, say) must not stop the engine
            // from starting; the agent stays recorded and the next owner tries again
        }
    }

    /** An engine and the coordination services behind it. */
    private record Wired(LocalEngine engine, Coord coord, Bus<Event> bus, AgentModule agents) {}

    /** {@code supervise}: the store's owner (a daemon, a long-lived face) watches the external agents (fleet). */
    private static Wired wire(
            Dirs dirs, Map<String, String> env, Store store, Coord.Settings coordSettings, boolean supervise) {
        Bus<Event> bus = new Bus<>();
        OpRouter router = new OpRouter();
        Coord coord = new Coord(store, bus, coordSettings);
        CoordModule.register(router, coord);
        AgentModule agents = new AgentModule(dirs, env, store, bus);
        agents.register(router);
        // every in-process agent is a coordination agent (issue 20): registered, heartbeated, with tools
        CoordAgents coordAgents = new CoordAgents(
                coord,
                router,
                new dev.dispatch.session.Sessions(store, java.time.InstantSource.system()),
                new AgentTrees(coord, new dev.dispatch.session.AgentUsage(store)),
                bus);
        coordAgents.register(router);
        agents.coordTools(dev.dispatch.tool.CoordTools.over(coordAgents));
        agents.coordPort(coordAgents); // reservations and overlap reports for write_file/edit_file
        agents.liveCheck.register(router);
        TaskBoard.register(router, coord, agents);
        new WorkbenchModule(dirs, env, () -> Sandboxes.describe(env)).register(router);
        Fleet fleet = new Fleet(dirs, env, router::route, bus::publish);
        FleetModule.register(router, fleet);
        if (supervise) fleet.supervise();
        // closed in reverse: the agents stop first, so their ends still reach the registry
        return new Wired(
                new LocalEngine(store, router, bus, coord::subscribe, List.of(fleet, coordAgents, agents)),
                coord,
                bus,
                agents);
    }

    private static Store open(Dirs dirs, Map<String, String> env, StoreOptions options) {
        try {
            return Store.open(dirs.data(), database(dirs, env, options));
        } catch (StoreBusyException e) {
            String hint = e.socket() == null && options.role() == StoreOptions.Role.ONE_SHOT
                    ? " (set store.lock_wait, e.g. DISPATCH_STORE_LOCK_WAIT=30s, to wait longer)"
                    : "";
            throw new EngineException(ErrorCode.BUSY, e.getMessage() + hint, e);
        } catch (StoreException e) {
            throw new EngineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    /**
     * {@code options} on the PostgreSQL database of {@code store.url} when one is set (issue 26): the env var
     * {@code DISPATCH_STORE_URL} when set, else the config files when there are any; else the H2 file. The
     * common case (no files, no variable) reads no YAML. A malformed URL is a usage error naming it.
     */
    static StoreOptions database(Dirs dirs, Map<String, String> env, StoreOptions options) {
        if (options.database() != null) return options;
        String url = env.get("DISPATCH_STORE_URL");
        if (url == null || url.isBlank()) {
            // store.url is user-only: no user file, or one that never says "store", means H2 without parsing YAML
            if (!mentionsStore(dirs.userConfigFile())) return options;
            try {
                url = new ConfigLoader(dirs, env, Path.of("")).load().storeUrl().orElse(null);
            } catch (ConfigException e) {
                for (var problem : e.problems()) {
                    if ("store.url".equals(problem.key())) throw EngineException.invalid(problem.toString());
                }
                return options;
            }
            if (url == null || url.isBlank()) return options;
        }
        try {
            return options.withDatabase(dev.dispatch.store.StoreUrl.parse(url));
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage() + " (from "
                    + (env.get("DISPATCH_STORE_URL") != null ? "DISPATCH_STORE_URL" : "store.url") + ")");
        }
    }

    private static boolean mentionsStore(Path file) {
        try {
            return java.nio.file.Files.isRegularFile(file)
                    && java.nio.file.Files.readString(file).contains("store");
        } catch (java.io.IOException | RuntimeException e) {
            return true; // let the loader report what is wrong with it
        }
    }

    /**
     * {@code store.lock_wait}: the env var when set (cheap, the common case in scripts), else the
     * config files when there are any, else the registry default. A bad value is a usage error.
     */
    static Duration oneShotWait(Dirs dirs, Map<String, String> env) {
        boolean files = dirs.userConfigFile().toFile().exists()
                || Path.of("dispatch.yaml").toFile().exists();
        if (env.get("DISPATCH_STORE_LOCK_WAIT") == null && !files) return StoreOptions.DEFAULT_WAIT;
        try {
            return new ConfigLoader(dirs, env, Path.of("")).load().storeLockWait();
        } catch (ConfigException e) {
            // a mistake elsewhere in the config must not stop every command: only a bad wait itself does
            for (var problem : e.problems()) {
                if ("store.lock_wait".equals(problem.key())) throw EngineException.invalid(problem.toString());
            }
            return StoreOptions.DEFAULT_WAIT;
        }
    }
}
