package dev.dispatch.lsp;

import dev.dispatch.config.LspConfig;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.protocol.LspOps.DiagnosticRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The language servers of the engine that owns them (the daemon, or the session that hosts the
 * engine): one {@link Workspace} per project root, one server per language in it, shared by every
 * agent of that project. Agents' tools reach it through this class; faces through {@link LspOps}.
 * Closing it stops every server ({@code shutdown}, {@code exit}, then the process group).
 */
public final class LspManager implements AutoCloseable {
    /**
     * LSP4J logs through java.util.logging, whose default handler writes to stderr: over a full-screen
     * TUI. Core code never prints, so its logger is turned off (held here: JUL keeps loggers weakly).
     */
    private static final java.util.logging.Logger LSP4J_LOG = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.eclipse.lsp4j");
        log.setLevel(java.util.logging.Level.OFF);
        return log;
    }

    private final Function<Path, LspConfig> config;
    private final Map<String, String> env;
    private final Function<Path, Map<String, String>> childEnv;
    private final Consumer<Event> events;
    private final ServerHandle.Policy policy;
    private final Map<Path, Workspace> workspaces = new ConcurrentHashMap<>();
    private final ExecutorService rpc = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lsp-rpc");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /**
     * Servers run with exactly {@code env} (the caller scrubs it; tests and benchmarks).
     *
     * @param config the {@code lsp} settings of a project root (asked at each use: config changes live)
     * @param env the environment servers run with and PATH is searched in
     * @param events where server state and diagnostics changes go (the engine's bus)
     */
    public LspManager(Function<Path, LspConfig> config, Map<String, String> env, Consumer<Event> events) {
        this(config, env, root -> env, events, ServerHandle.Policy.DEFAULT);
    }

    /**
     * @param env where PATH is searched and caches live (PATH, HOME and XDG dirs reach the servers)
     * @param childEnv per project root, the environment servers run with: the engine's own scrubbed of
     *     credentials, as run_shell's (asked at each server start, so a config change applies)
     */
    public LspManager(
            Function<Path, LspConfig> config,
            Map<String, String> env,
            Function<Path, Map<String, String>> childEnv,
            Consumer<Event> events) {
        this(config, env, childEnv, events, ServerHandle.Policy.DEFAULT);
    }

    LspManager(
            Function<Path, LspConfig> config,
            Map<String, String> env,
            Consumer<Event> events,
            ServerHandle.Policy policy) {
        this(config, env, root -> env, events, policy);
    }

    LspManager(
            Function<Path, LspConfig> config,
            Map<String, String> env,
            Function<Path, Map<String, String>> childEnv,
            Consumer<Event> events,
            ServerHandle.Policy policy) {
        this.config = config;
        this.env = Map.copyOf(env);
        this.childEnv = childEnv;
        this.events = events;
        this.policy = policy;
    }

    private Workspace workspace(Path root) {
        if (closed) throw new IllegalStateException("the language servers are closed");
        return workspaces.computeIfAbsent(
                root, r -> new Workspace(r, () -> config.apply(r), env, () -> childEnv.apply(r), events, rpc, policy));
    }

    public LspConfig settings(Path root) {
        return config.apply(root);
    }

    /** Starts the servers an agent starting in {@code root} will want, so the first edit finds them up. */
    public void warm(Path root) {
        if (!closed && config.apply(root).enabled()) workspace(root).warm();
    }

    /** An agent read {@code file} (a real path): its server opens it, so later diagnostics are about it. */
    public void opened(Path root, Path file) {
        if (!closed && config.apply(root).enabled()) workspace(root).opened(file);
    }

    /**
     * An agent wrote {@code file} (a real path): sends the new text, waits up to
     * {@code lsp.diagnostics_timeout} for the server's publish, and says what the edit changed in the
     * file's errors and warnings. Empty when no server serves the file or this half is off.
     */
    public Optional<EditReport> afterWrite(Path root, Path file) throws InterruptedException {
        return afterWrite(root, file, null);
    }

    /** As {@link #afterWrite(Path, Path)}, noting that {@code agent} was shown the new diagnostics listed. */
    public Optional<EditReport> afterWrite(Path root, Path file, String agent) throws InterruptedException {
        Optional<EditReport> r = report(root, file);
        if (agent != null && r.isPresent() && !r.get().listed().isEmpty())
            workspace(root).shown(agent, r.get().listed());
        return r;
    }

    private Optional<EditReport> report(Path root, Path file) throws InterruptedException {
        if (closed) return Optional.empty();
        LspConfig c = config.apply(root);
        if (!c.enabled() || !c.diagnosticsAfterEdit()) return Optional.empty();
        long timeout = c.diagnosticsTimeout().toMillis();
        Workspace w = workspace(root);
        // didChange alone: a didSave too makes some servers (pylsp) publish twice, and the late twin
        // would pass for the answer to the next edit
        Optional<Workspace.Synced> s = w.sync(file, false, System.nanoTime() + timeout * 1_000_000);
        if (s.isEmpty()) return Optional.empty();
        String shown = Rows.shown(root, file);
        Workspace.Synced synced = s.get();
        ServerHandle h = synced.server();
        if (synced.ticket() == null) {
            String state = h.state().name().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(new EditReport(
                    "diagnostics for " + shown + ": language server " + h.spec.name() + " is " + state
                            + (h.detail() == null ? "" : " (" + h.detail() + ")"),
                    0,
                    0,
                    0,
                    0));
        }
        if (synced.entry() == null) return Optional.of(EditReport.timedOut(shown, h.spec.name(), timeout));
        List<org.eclipse.lsp4j.Diagnostic> before =
                w.baseline(file, synced.ticket().before());
        w.rebase(file, synced.entry().diagnostics());
        return Optional.of(EditReport.of(
                shown, w.rows(file, before), w.rows(file, synced.entry().diagnostics())));
    }

    /**
     * Diagnostics of {@code file} (relative to {@code root} or absolute; opened in its server and
     * waited for) or, when null, of every file the project's servers published for.
     */
    public LspOps.DiagnosticsResult diagnostics(Path root, String file) throws InterruptedException {
        LspConfig c = config.apply(root);
        List<String> notes = new ArrayList<>();
        if (!c.enabled()) {
            notes.add("language servers are off for this project (lsp.enabled: false)");
            return result(root, List.of(), notes);
        }
        Workspace w = workspace(root);
        if (file == null || file.isBlank()) {
            for (LspOps.ServerRow r : w.status())
                if (!r.state().equals("running"))
                    notes.add(r.name() + " is " + r.state() + (r.detail() == null ? "" : ": " + r.detail()));
            return result(root, w.allRows(), notes);
        }
        Path path = resolve(root, file);
        Optional<Workspace.Synced> s =
                w.sync(path, false, System.nanoTime() + c.diagnosticsTimeout().toMillis() * 1_000_000);
        if (s.isEmpty()) {
            notes.add("no language server serves " + Rows.shown(root, path) + " (see dispatch lsp status)");
            return result(root, List.of(), notes);
        }
        ServerHandle h = s.get().server();
        Published.Entry e = h.published.get(path);
        if (e == null) {
            notes.add(h.spec.name() + " published no diagnostics for " + Rows.shown(root, path) + " yet (it is "
                    + h.state().name().toLowerCase(java.util.Locale.ROOT)
                    + (h.detail() == null ? "" : ": " + h.detail()) + ")");
            return result(root, List.of(), notes);
        }
        List<DiagnosticRow> rows = new ArrayList<>(w.rows(path, e.diagnostics()));
        rows.sort(Rows.ORDER);
        return result(root, rows, notes);
    }

    /** A file argument as a real path: relative to the project root, and an existing regular file. */
    public static Path resolve(Path root, String file) {
        Path p = root.resolve(file).normalize();
        try {
            p = p.toRealPath();
        } catch (java.io.IOException e) {
            throw EngineException.notFound(
                    "no such file: " + file + " (paths are relative to the project root " + root + ")");
        }
        if (!Files.isRegularFile(p)) throw EngineException.invalid(file + " is not a regular file; give a source file");
        return p;
    }

    private static LspOps.DiagnosticsResult result(Path root, List<DiagnosticRow> rows, List<String> notes) {
        int errors =
                (int) rows.stream().filter(r -> r.severity().equals("error")).count();
        int warnings =
                (int) rows.stream().filter(r -> r.severity().equals("warning")).count();
        return new LspOps.DiagnosticsResult(root.toString(), rows, errors, warnings, List.copyOf(notes));
    }

    /** {@code agent} was shown {@code rows} (a get_diagnostics answer): the faces say who knows which error. */
    public void shown(Path root, String agent, List<DiagnosticRow> rows) {
        if (closed || agent == null || rows.isEmpty() || !config.apply(root).enabled()) return;
        workspace(root).shown(agent, rows);
    }

    /**
     * Restarts {@code server} of the project (every one it uses when null or blank) with a fresh crash
     * count, and answers the status after; a failed server comes back without an engine restart.
     */
    public LspOps.StatusResult restart(Path root, String server) {
        if (!config.apply(root).enabled())
            throw EngineException.invalid("language servers are off for " + root
                    + " (lsp.enabled: false); set lsp.enabled: true in dispatch.yaml to use them");
        workspace(root).restart(server == null ? null : server.strip());
        return status(root);
    }

    /** The servers the project uses and their state; starts nothing. */
    public LspOps.StatusResult status(Path root) {
        LspConfig c = config.apply(root);
        Workspace w = workspaces.get(root);
        List<LspOps.ServerRow> rows = w != null
                ? w.status()
                : c.enabled() ? new Workspace(root, () -> c, env, Map::of, e -> {}, rpc, policy).status() : List.of();
        return new LspOps.StatusResult(root.toString(), c.enabled(), rows, ServerSpec.problems(c));
    }

    /**
     * Definition, references, hover and symbols in {@code root}, waiting at most twice the diagnostics
     * timeout; locations in files {@code visible} refuses are withheld.
     */
    public Navigator navigator(Path root, java.util.function.Predicate<Path> visible) {
        LspConfig c = config.apply(root);
        if (!c.enabled())
            throw new IllegalStateException("language servers are off for this project (lsp.enabled: false)");
        if (!c.navigationTools())
            throw new IllegalStateException("navigation tools are off for this project (lsp.navigation_tools: false)");
        return new Navigator(new Navigation(
                workspace(root), Math.max(2000, c.diagnosticsTimeout().toMillis() * 2), visible));
    }

    /** The navigation answers, as text; positions 1-based. */
    public static final class Navigator {
        private final Navigation nav;

        Navigator(Navigation nav) {
            this.nav = nav;
        }

        public String definition(Path file, int line, int column) throws InterruptedException {
            return nav.definition(file, line, column);
        }

        public String references(Path file, int line, int column) throws InterruptedException {
            return nav.references(file, line, column);
        }

        public String hover(Path file, int line, int column) throws InterruptedException {
            return nav.hover(file, line, column);
        }

        public String symbols(String query) throws InterruptedException {
            return nav.symbols(query);
        }
    }

    /** The pid of each running server of {@code root}, by server name (tests, status). */
    public Map<String, Long> pids(Path root) {
        Workspace w = workspaces.get(root);
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        if (w != null)
            w.servers().forEach((name, h) -> {
                if (h.pid() != null) out.put(name, h.pid());
            });
        return out;
    }

    @Override
    public void close() {
        closed = true;
        List<Thread> stopping = new ArrayList<>();
        for (Workspace w : workspaces.values()) {
            Thread t = new Thread(w::close, "lsp-close");
            t.setDaemon(true);
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join(8000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workspaces.clear();
        rpc.shutdownNow();
    }
}
