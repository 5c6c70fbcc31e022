package dev.dispatch.lsp;

import dev.dispatch.config.LspConfig;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LspEvents;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.protocol.LspOps.DiagnosticRow;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.Diagnostic;

/**
 * The language servers of one project root, shared by every agent working in it: one server per
 * language, started on first use (or when an agent starts in a project that uses it), its documents
 * kept in sync with what agents read and write and with what changes on disk.
 */
final class Workspace implements ServerHandle.Listener {
    /** How long an edit waits for the server's answer to the file's earlier open or change. */
    private static final long EARLIER_ANSWER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

    /** Files bigger than this are not sent to a server (generated or minified code). */
    static final long MAX_DOCUMENT_BYTES = 4L * 1024 * 1024;

    final Path root;
    private final Supplier<LspConfig> config;
    private final Map<String, String> env;
    private final Supplier<Map<String, String>> childEnv;
    private final Consumer<Event> events;
    private final ExecutorService rpc;
    private final ServerHandle.Policy policy;
    private final Map<String, ServerHandle> servers = new ConcurrentHashMap<>();
    /** Per file, the diagnostics last announced (with who was shown them): an event only when they change. */
    private final Map<Path, List<DiagnosticRow>> announced = new ConcurrentHashMap<>();

    private final Seen seen = new Seen();
    private final Object announcing = new Object();
    /**
     * Per file, the diagnostics an edit's report is measured against: what the last tool edit's report
     * ended with, else what the server had published when the change was sent. Not simply the server's latest publish: a change on disk
     * by someone else (an editor truncating, then writing) can slip an intermediate state in between.
     */
    private final Map<Path, List<Diagnostic>> baseline = new ConcurrentHashMap<>();

    private FileWatch watch;
    private boolean closed;

    Workspace(
            Path root,
            Supplier<LspConfig> config,
            Map<String, String> env,
            Supplier<Map<String, String>> childEnv,
            Consumer<Event> events,
            ExecutorService rpc,
            ServerHandle.Policy policy) {
        this.root = root;
        this.config = config;
        this.env = env;
        this.childEnv = childEnv;
        this.events = events;
        this.rpc = rpc;
        this.policy = policy;
    }

    /**
     * Watches {@code dir} for changes by others, and the project's tree (bounded, see {@link FileWatch}):
     * the watch starts with the first document opened.
     */
    private void watch(Path dir) {
        FileWatch w;
        synchronized (this) {
            if (closed) return;
            if (watch == null) {
                try {
                    watch = new FileWatch(this::changedOnDisk);
                } catch (IOException e) {
                    return; // no watch service: agents' own edits still sync
                }
            }
            w = watch;
        }
        w.watch(dir);
        if (!treeWatched) {
            treeWatched = true;
            // off the agent's tool call: the bounded walk still reads up to 512 directories
            Thread.ofPlatform().daemon().name("lsp-tree-watch").start(() -> w.watchTree(root));
        }
    }

    private volatile boolean treeWatched;

    /** How many directories the watch covers (tests: the bound holds). */
    int watchedDirectories() {
        synchronized (this) {
            return watch == null ? 0 : watch.watchedDirectories();
        }
    }

    LspConfig settings() {
        return config.get();
    }

    /** Starts the servers the project's files say it uses. */
    void warm() {
        LspConfig c = settings();
        if (!c.enabled()) return;
        for (ServerSpec s : Detection.detect(root, ServerSpec.effective(c), env))
            handle(s).start();
    }

    /** The server for {@code file}'s language, started; empty when none serves it or LSP is off. */
    Optional<ServerHandle> serverFor(Path file) {
        LspConfig c = settings();
        if (!c.enabled()) return Optional.empty();
        String ext = ServerSpec.extensionOf(file.getFileName().toString());
        if (ext.isEmpty()) return Optional.empty();
        for (ServerSpec s : ServerSpec.effective(c)) {
            if (!s.serves(ext)) continue;
            if (s.onlyWhenInstalled() && Detection.executable(s.command(), env).isEmpty()) continue;
            ServerHandle h = handle(s);
            h.start();
            return Optional.of(h);
        }
        return Optional.empty();
    }

    private ServerHandle handle(ServerSpec spec) {
        return servers.computeIfAbsent(
                spec.name(),
                n -> new ServerHandle(spec, root, env, childEnv, settings().startTimeout(), policy, this, rpc));
    }

    /** The file's text if a server may see it (a regular UTF-8 file of bounded size), else empty. */
    static Optional<String> text(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_DOCUMENT_BYTES)
                return Optional.empty();
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends {@code file}'s disk content to its server and waits, until {@code deadlineNanos}, for the
     * publish that answers it; the ticket and that publish (null on timeout), or empty when no
     * server serves the file or it did not start.
     */
    Optional<Synced> sync(Path file, boolean save, long deadlineNanos) throws InterruptedException {
        Optional<ServerHandle> h = serverFor(file);
        if (h.isEmpty()) return Optional.empty();
        ServerHandle server = h.get();
        Optional<String> text = text(file);
        if (text.isEmpty()) return Optional.empty();
        watch(file.getParent());
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (!server.awaitRunning(Math.max(0, left))) {
            server.sync(file, text.get(), save); // opened when it comes up
            return Optional.of(new Synced(server, null, null));
        }
        // A server that sends no document versions (typescript-language-server) can answer an earlier
        // open or change late on a busy machine, after this change went out: taken for this change's
        // answer, it would tell the agent its edit broke nothing. So the earlier answer comes first
        // (at once when it already came; bounded, for a server that never publishes for an open).
        ServerHandle.Ticket earlier = server.lastSent(file);
        if (earlier != null)
            server.published.awaitAfter(
                    file,
                    earlier.seq(),
                    earlier.version(),
                    Math.min(deadlineNanos, System.nanoTime() + EARLIER_ANSWER_NANOS));
        ServerHandle.Ticket ticket;
        try {
            ticket = server.sync(file, text.get(), save)
                    .get(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return Optional.of(new Synced(server, null, null));
        }
        Published.Entry entry = server.published.awaitAfter(file, ticket.seq(), ticket.version(), deadlineNanos);
        return Optional.of(new Synced(server, ticket, entry));
    }

    /** What {@link #sync} found: the server, what was sent (null if not sent) and the answer (null if none). */
    record Synced(ServerHandle server, ServerHandle.Ticket ticket, Published.Entry entry) {}

    /** Opens {@code file} in its server without waiting (an agent read it). */
    void opened(Path file) {
        serverFor(file).ifPresent(h -> text(file).ifPresent(t -> {
            watch(file.getParent());
            h.sync(file, t, false);
        }));
    }

    /**
     * A change on disk by anyone: an open document gets the new text (or is closed when gone); any
     * other file of a running server's languages is announced as a watched-file change, so a server
     * sees files created beside the ones agents touch (a new module an open file imports).
     */
    private void changedOnDisk(Path file, FileWatch.Change change) {
        String ext = ServerSpec.extensionOf(file.getFileName().toString());
        for (ServerHandle h : servers.values()) {
            if (h.isOpen(file)) {
                Optional<String> t = text(file);
                if (t.isEmpty()) {
                    h.closeDocument(file);
                    announce(file, List.of()); // gone: nothing to fix there any more
                } else h.sync(file, t.get(), true);
            } else if (!ext.isEmpty() && h.spec.serves(ext)) {
                h.watched(file, change);
            }
        }
    }

    /** Rows of {@code file}'s diagnostics, each with the agents shown it. */
    List<DiagnosticRow> rows(Path file, List<Diagnostic> diagnostics) {
        List<DiagnosticRow> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) out.add(Rows.row(root, file, d));
        return seen.annotate(out);
    }

    /**
     * {@code agent} was shown {@code rows} (listed in its tool result): remembered, and the files'
     * diagnostics announced again so the faces show who knows.
     */
    void shown(String agent, List<DiagnosticRow> rows) {
        for (String file : seen.add(agent, rows)) {
            Path path = Path.of(file).isAbsolute() ? Path.of(file) : root.resolve(file);
            synchronized (announcing) { // the latest publish, read under the lock: never an older one last
                for (ServerHandle h : servers.values()) {
                    Published.Entry e = h.published.get(path);
                    if (e != null) announce(path, e.diagnostics());
                }
            }
        }
    }

    /**
     * Restarts the server {@code name} (every server the project has started, and those its files call
     * for, when null). A failed server comes back with a fresh crash count.
     */
    void restart(String name) {
        LspConfig c = settings();
        if (name == null || name.isBlank()) {
            for (ServerHandle h : servers.values()) h.restart();
            warm();
            return;
        }
        ServerHandle h = servers.get(name);
        if (h != null) {
            h.restart();
            return;
        }
        for (ServerSpec s : ServerSpec.effective(c)) {
            if (s.name().equals(name)) {
                handle(s).start();
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (ServerSpec s : ServerSpec.effective(c)) names.add(s.name());
        throw dev.dispatch.protocol.EngineException.notFound("no language server named '" + name + "'; known: "
                + String.join(", ", names) + " (see dispatch lsp status)");
    }

    /** Every diagnostic the servers of this project published, by file order. */
    List<DiagnosticRow> allRows() {
        List<DiagnosticRow> out = new ArrayList<>();
        for (ServerHandle h : servers.values()) {
            h.published.all().forEach((file, e) -> out.addAll(rows(file, e.diagnostics())));
        }
        out.sort(Rows.ORDER);
        return out;
    }

    Map<String, ServerHandle> servers() {
        return servers;
    }

    /** One row per server the project uses or has started. */
    List<LspOps.ServerRow> status() {
        LspConfig c = settings();
        Map<String, LspOps.ServerRow> rows = new LinkedHashMap<>();
        for (ServerSpec s : Detection.detect(root, ServerSpec.effective(c), env)) {
            boolean installed = Detection.executable(s.command(), env).isPresent();
            rows.put(
                    s.name(),
                    new LspOps.ServerRow(
                            s.name(),
                            installed ? "not_started" : "not_installed",
                            command(s),
                            null,
                            0,
                            0,
                            s.extensions(),
                            installed ? null : "'" + s.command() + "' is not on PATH; install " + s.installHint()));
        }
        for (ServerHandle h : servers.values()) {
            rows.put(
                    h.spec.name(),
                    new LspOps.ServerRow(
                            h.spec.name(),
                            h.state().name().toLowerCase(java.util.Locale.ROOT),
                            command(h.spec),
                            h.pid(),
                            h.crashCount(),
                            h.openFiles(),
                            h.spec.extensions(),
                            h.detail()));
        }
        return List.copyOf(rows.values());
    }

    private static String command(ServerSpec s) {
        return s.args().isEmpty() ? s.command() : s.command() + " " + String.join(" ", s.args());
    }

    @Override
    public void stateChanged(ServerHandle server) {
        events.accept(new LspEvents.LspServerChanged(
                root.toString(),
                server.spec.name(),
                server.state().name().toLowerCase(java.util.Locale.ROOT),
                server.detail(),
                Instant.now()));
    }

    /** The diagnostics the next edit of {@code file} is compared with, or {@code otherwise}. */
    List<Diagnostic> baseline(Path file, List<Diagnostic> otherwise) {
        return baseline.getOrDefault(file, otherwise);
    }

    void rebase(Path file, List<Diagnostic> now) {
        baseline.put(file, List.copyOf(now));
    }

    @Override
    public void published(ServerHandle server, Path file, Published.Entry entry) {
        List<DiagnosticRow> plain = new ArrayList<>();
        for (Diagnostic d : entry.diagnostics()) plain.add(Rows.row(root, file, d));
        seen.retain(Rows.shown(root, file), plain);
        announce(file, entry.diagnostics());
    }

    /**
     * Announces {@code file}'s diagnostics when they differ from what was announced last. One at a
     * time: a server's publish and an agent being shown the rows race, and the later announcement
     * must carry both (else a publish computed before the agent was noted could arrive last).
     */
    private void announce(Path file, List<Diagnostic> diagnostics) {
        synchronized (announcing) {
            List<DiagnosticRow> now = rows(file, diagnostics);
            now.sort(Rows.ORDER);
            List<DiagnosticRow> was = announced.put(file, List.copyOf(now));
            if (now.equals(was) || was == null && now.isEmpty()) return;
            int errors = 0;
            int warnings = 0;
            for (DiagnosticRow r : now) {
                if (r.severity().equals("error")) errors++;
                else if (r.severity().equals("warning")) warnings++;
            }
            events.accept(new LspEvents.LspDiagnosticsChanged(
                    root.toString(),
                    Rows.shown(root, file),
                    errors,
                    warnings,
                    now.subList(0, Math.min(now.size(), LspEvents.LspDiagnosticsChanged.MAX_ROWS)),
                    Instant.now()));
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
            if (watch != null) watch.close();
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServerHandle h : servers.values()) {
            Thread t = new Thread(h::close, "lsp-stop-" + h.spec.name());
            t.setDaemon(true);
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
