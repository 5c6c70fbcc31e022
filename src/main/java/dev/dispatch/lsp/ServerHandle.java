package dev.dispatch.lsp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * One language server of one project for as long as the engine runs: starts it, keeps the documents
 * agents opened in sync with it (and opens them again after a restart), restarts it with backoff when
 * it crashes, and gives up after {@link Policy#maxCrashes} crashes within {@link Policy#window}. Every
 * start, message and document change runs on one ordered thread, so a caller never blocks on a pipe
 * to a server that stopped reading, and a restart cannot interleave with a change.
 */
final class ServerHandle {
    enum State {
        NOT_STARTED,
        STARTING,
        RUNNING,
        RESTARTING,
        FAILED,
        NOT_INSTALLED,
        STOPPED
    }

    /**
     * When to stop restarting: {@code maxCrashes} within {@code window}; the first retry waits
     * {@code backoff}. A server given up on is tried again, with a fresh count, after {@code coolDown}.
     */
    record Policy(int maxCrashes, Duration window, Duration backoff, Duration maxBackoff, Duration coolDown) {
        static final Policy DEFAULT = new Policy(
                5, Duration.ofMinutes(3), Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(5));

        Policy(int maxCrashes, Duration window, Duration backoff, Duration maxBackoff) {
            this(maxCrashes, window, backoff, maxBackoff, Duration.ofMinutes(5));
        }
    }

    /** What a workspace hears from its servers. */
    interface Listener {
        void stateChanged(ServerHandle server);

        void published(ServerHandle server, Path file, Published.Entry entry);
    }

    /**
     * A text the server was sent: wait for a publish after {@code seq} at {@code version} or later;
     * {@code before} is what the server had published for the file just before it was sent.
     */
    record Ticket(long seq, int version, List<org.eclipse.lsp4j.Diagnostic> before) {}

    private record Doc(int version, String text, String languageId, Ticket sent, long touched) {}

    /** The most documents kept open in one server; the least recently touched one is closed past it. */
    static final int MAX_OPEN_DOCUMENTS = 200;

    final ServerSpec spec;
    final Published published = new Published();
    private final Path root;
    private final Map<String, String> env;
    private final java.util.function.Supplier<Map<String, String>> childEnv;
    private final Duration startTimeout;
    private final Policy policy;
    private final Listener listener;
    private final ExecutorService rpc;
    private final ScheduledExecutorService outbox;
    private final Map<Path, Doc> docs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Crashes crashes;

    private volatile State state = State.NOT_STARTED;
    private volatile String detail;
    private volatile Connection conn;
    private volatile boolean closing;
    /** The restart or cool-down retry scheduled on the outbox, cancelled by a restart on request. */
    private java.util.concurrent.ScheduledFuture<?> pending;

    /**
     * @param env where PATH is searched and caches live (the engine's environment)
     * @param childEnv the environment the server runs with (scrubbed of secrets), asked at each start
     */
    ServerHandle(
            ServerSpec spec,
            Path root,
            Map<String, String> env,
            java.util.function.Supplier<Map<String, String>> childEnv,
            Duration startTimeout,
            Policy policy,
            Listener listener,
            ExecutorService rpc) {
        this.spec = spec;
        this.root = root;
        this.env = env;
        this.childEnv = childEnv;
        this.startTimeout = startTimeout;
        this.policy = policy;
        this.crashes = new Crashes(policy);
        this.listener = listener;
        this.rpc = rpc;
        this.outbox = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lsp-" + spec.name());
            t.setDaemon(true);
            return t;
        });
    }

    State state() {
        return state;
    }

    String detail() {
        return detail;
    }

    int crashCount() {
        return crashes.count();
    }

    int openFiles() {
        return docs.size();
    }

    Long pid() {
        Connection c = conn;
        return c == null || state != State.RUNNING ? null : c.process.pid();
    }

    /** The live server when it is running, for requests (definition, hover, ...). */
    Optional<LanguageServer> server() {
        Connection c = conn;
        return state == State.RUNNING && c != null ? Optional.of(c.server) : Optional.empty();
    }

    /** Starts the server once; later calls do nothing. */
    void start() {
        synchronized (this) {
            if (state != State.NOT_STARTED) return;
            set(State.STARTING, null);
        }
        outbox.execute(this::connect);
    }

    /** Waits until the server is running (true) or has no chance to (false), at most {@code millis}. */
    boolean awaitRunning(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            State s = state;
            if (s == State.RUNNING) return true;
            if (s == State.FAILED || s == State.NOT_INSTALLED || s == State.STOPPED) return false;
            if (System.nanoTime() >= deadline) return false;
            Thread.sleep(10);
        }
    }

    /**
     * Makes the server see {@code text} as {@code file}'s content: opens it, or sends the change and a
     * save; when the server already has exactly this text, the ticket of the change that sent it.
     */
    CompletableFuture<Ticket> sync(Path file, String text, boolean save) {
        return CompletableFuture.supplyAsync(
                () -> {
                    Doc d = docs.get(file);
                    if (d != null && d.text().equals(text)) {
                        docs.put(file, new Doc(d.version(), d.text(), d.languageId(), d.sent(), System.nanoTime()));
                        return d.sent();
                    }
                    long seq = published.seq();
                    Published.Entry was = published.get(file);
                    String uri = file.toUri().toString();
                    int version = d == null ? 1 : d.version() + 1;
                    Ticket ticket = new Ticket(seq, version, was == null ? List.of() : was.diagnostics());
                    Doc next = d == null
                            ? new Doc(
                                    1,
                                    text,
                                    ServerSpec.languageId(ServerSpec.extensionOf(
                                            file.getFileName().toString())),
                                    ticket,
                                    System.nanoTime())
                            : new Doc(version, text, d.languageId(), ticket, System.nanoTime());
                    docs.put(file, next);
                    if (d == null && docs.size() > MAX_OPEN_DOCUMENTS) evictOldest(file);
                    Connection c = conn;
                    if (state == State.RUNNING && c != null) {
                        if (d == null) {
                            c.server
                                    .getTextDocumentService()
                                    .didOpen(new DidOpenTextDocumentParams(
                                            new TextDocumentItem(uri, next.languageId(), next.version(), text)));
                        } else {
                            c.server
                                    .getTextDocumentService()
                                    .didChange(new DidChangeTextDocumentParams(
                                            new VersionedTextDocumentIdentifier(uri, next.version()),
                                            List.of(new TextDocumentContentChangeEvent(text))));
                        }
                        if (save)
                            c.server
                                    .getTextDocumentService()
                                    .didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(uri), text));
                    }
                    return ticket;
                },
                outbox);
    }

    /** What was last sent for {@code file} (its open or latest change), or null when it is not open. */
    Ticket lastSent(Path file) {
        Doc d = docs.get(file);
        return d == null ? null : d.sent();
    }

    /** The documents this server has open. */
    java.util.Set<Path> openDocuments() {
        return java.util.Set.copyOf(docs.keySet());
    }

    /** What the server answered {@code initialize} with, or null when it is not running. */
    org.eclipse.lsp4j.ServerCapabilities capabilities() {
        Connection c = conn;
        return c == null ? null : c.capabilities;
    }

    boolean isOpen(Path file) {
        return docs.containsKey(file);
    }

    /** On the outbox thread: closes the least recently touched document other than {@code keep}. */
    private void evictOldest(Path keep) {
        docs.entrySet().stream()
                .filter(e -> !e.getKey().equals(keep))
                .min(java.util.Comparator.comparingLong(e -> e.getValue().touched()))
                .map(Map.Entry::getKey)
                .ifPresent(this::close);
    }

    /** Closes {@code file} in the server (deleted on disk, or too many open). */
    void closeDocument(Path file) {
        outbox.execute(() -> close(file));
    }

    /** On the outbox thread: forgets {@code file} and its diagnostics, and closes it in the server. */
    private void close(Path file) {
        if (docs.remove(file) == null) return;
        published.forget(file);
        Connection c = conn;
        if (state == State.RUNNING && c != null)
            c.server
                    .getTextDocumentService()
                    .didClose(new DidCloseTextDocumentParams(
                            new TextDocumentIdentifier(file.toUri().toString())));
    }

    /** Tells the server about a file it has not opened that changed on disk ({@code workspace/didChangeWatchedFiles}). */
    void watched(Path file, FileWatch.Change change) {
        outbox.execute(() -> {
            Connection c = conn;
            if (state != State.RUNNING || c == null || docs.containsKey(file)) return;
            c.server
                    .getWorkspaceService()
                    .didChangeWatchedFiles(new org.eclipse.lsp4j.DidChangeWatchedFilesParams(
                            List.of(new org.eclipse.lsp4j.FileEvent(file.toUri().toString(), change.type()))));
        });
    }

    /** Runs {@code task} after every change queued so far reached the server. */
    <T> CompletableFuture<T> after(java.util.function.Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, outbox);
    }

    private void connect() {
        if (closing) return;
        Optional<Path> program = Detection.executable(spec.command(), env);
        if (program.isEmpty()) {
            set(State.NOT_INSTALLED, "'" + spec.command() + "' is not on PATH; install " + spec.installHint());
            return;
        }
        try {
            Connection c = Connection.open(
                    spec,
                    program.get(),
                    root,
                    ServerProcess.environment(childEnv.get(), env),
                    startTimeout,
                    p -> publish(p),
                    rpc);
            if (closing) {
                c.process.kill(500);
                return;
            }
            conn = c;
            c.process.awaitPid(2000);
            set(State.RUNNING, null);
            for (Map.Entry<Path, Doc> e : docs.entrySet()) {
                Doc d = e.getValue();
                c.server
                        .getTextDocumentService()
                        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(
                                e.getKey().toUri().toString(), d.languageId(), d.version(), d.text())));
            }
            c.process.onExit().thenRun(() -> outbox.execute(() -> exited(c)));
        } catch (Connection.StartFailure f) {
            crashed(f.getMessage());
        }
    }

    private void exited(Connection c) {
        if (closing || c != conn) return;
        String tail = c.process.stderrTail();
        crashed(spec.name() + " exited" + (tail.isEmpty() ? "" : "; its stderr: " + lastLines(tail)));
    }

    private void crashed(String why) {
        conn = null;
        published.clear();
        if (closing) return;
        int count = crashes.add();
        if (crashes.givenUp(count)) {
            set(State.FAILED, crashes.gaveUp(count, spec.name(), why));
            pending = outbox.schedule(this::retry, crashes.coolDown().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        long wait = crashes.backoffMillis(count);
        set(State.RESTARTING, why + "; restart " + count + " in " + wait + " ms");
        pending = outbox.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    /** On the outbox thread, after the cool-down: a server given up on gets a fresh crash count. */
    private void retry() {
        if (closing || state != State.FAILED) return;
        crashes.clear();
        set(State.STARTING, "tried again after the cool-down");
        connect();
    }

    /**
     * Starts the server again now, with a fresh crash count: a failed one comes back without an engine
     * restart, a running one gets a new process (its documents are opened again).
     */
    void restart() {
        synchronized (this) {
            if (state == State.NOT_STARTED) {
                start();
                return;
            }
            // the answer to the request already says so, even before the outbox gets to it
            if (!closing) set(State.STARTING, "restarting on request");
        }
        outbox.execute(() -> {
            if (closing) return;
            if (pending != null) pending.cancel(false);
            pending = null;
            Connection old = conn;
            conn = null; // its exit is no crash now
            crashes.clear();
            set(State.STARTING, "restarting on request");
            if (old != null) old.stop();
            published.clear();
            connect();
        });
    }

    private void publish(PublishDiagnosticsParams p) {
        Path file;
        try {
            file = Path.of(java.net.URI.create(p.getUri()));
        } catch (RuntimeException e) {
            return; // not a file URI: nothing an agent can open
        }
        Published.Entry e = published.put(file, p.getVersion(), p.getDiagnostics());
        listener.published(this, file, e);
    }

    private void set(State s, String why) {
        state = s;
        detail = why;
        listener.stateChanged(this);
    }

    private static String lastLines(String tail) {
        return tail.length() > 300 ? "…" + tail.substring(tail.length() - 300) : tail;
    }

    /** {@code shutdown} and {@code exit}, then the process and its children, whatever state it is in. */
    void close() {
        closing = true;
        Connection c = conn;
        if (c != null) c.stop();
        outbox.shutdownNow();
        set(State.STOPPED, null);
    }
}
