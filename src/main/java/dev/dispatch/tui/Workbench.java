package dev.dispatch.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.LspOps.LspDiagnostics;
import dev.dispatch.protocol.LspOps.LspStatus;
import dev.dispatch.protocol.ModelOps.ListModels;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import dev.dispatch.protocol.SessionBrowseOps.ResumeSession;
import dev.dispatch.protocol.SessionOps.ListAgents;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.protocol.WorkbenchOps.DescribeWorkbench;
import dev.dispatch.protocol.WorkbenchOps.ListTaskBoard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The full-screen workbench (`dispatch` with no arguments). One UI thread owns the {@link Screen}:
 * engine events (from any thread), op answers and key presses all arrive on one queue; the loop
 * drains everything queued (so a burst of token deltas costs one frame), folds it into the
 * {@link ViewModel}, and redraws with a delta refresh (only changed cells are sent: no flicker).
 *
 * <p>Own components over Lanterna's GUI toolkit: the toolkit's widgets re-lay out and repaint whole
 * windows and keep their text in their own models, which defeats a virtualised 10,000-message
 * transcript; drawing on {@code Screen} with small components keeps the frame cost proportional to
 * what is visible, and the output is exactly what the golden tests compare.
 */
public final class Workbench implements AutoCloseable {
    /**
     * Where the user runs it: {@code cwd} for new agents, {@code userConfig} named in the empty screen's
     * hint, and {@code setup}: when no model is configured, what to write and where (shown on the empty
     * screen instead of the generic hint; empty when a model is configured).
     */
    public record Options(
            String cwd, String userConfig, List<String> setup, String resume, Path history, MentionFiles files) {
        public Options {
            setup = List.copyOf(setup);
            if (files == null) files = MentionFiles.NONE;
        }

        /** {@code resume}: a recorded session to show and continue ({@code --continue}, {@code --resume}). */
        public Options(String cwd, String userConfig, List<String> setup, String resume) {
            this(cwd, userConfig, setup, resume, null, null);
        }

        public Options(String cwd, String userConfig, List<String> setup) {
            this(cwd, userConfig, setup, null);
        }

        public Options(String cwd, String userConfig) {
            this(cwd, userConfig, List.of());
        }

        /**
         * {@code history}: the file this project's prompt history is kept in (null: memory only);
         * {@code files}: the project's files for {@code @path} mentions.
         */
        public Options with(Path history, MentionFiles files) {
            return new Options(cwd, userConfig, setup, resume, history, files);
        }
    }

    /** Text that arrived as one bracketed paste. */
    record Pasted(String text) {}

    private static final Object RESIZED = new Object();

    private final Engine engine;
    private final Screen screen;
    private final Options options;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    final ViewModel vm = new ViewModel();
    final ChatView chat = new ChatView();
    final InputState input = new InputState();
    final UiState ui = new UiState();
    private final EngineCalls calls;
    private final KeyHandler keys;
    private final Commands commands;
    private final Mentions mentions;
    private Subscription subscription;
    private boolean taskAskInFlight;
    private boolean listInFlight;
    private boolean listAgain;
    private boolean ring;
    /** What the next frame shows, for {@link StartupTrace} (null: nothing to mark). */
    private String traceFrame;
    /** The key reader leaves the terminal alone while another program (tmux attach) owns it. */
    private volatile boolean keysPaused;
    /** The next frame is sent whole (the screen was given back by another program). */
    private boolean complete;

    public Workbench(Engine engine, Screen screen, Options options, Executor executor) {
        this.engine = engine;
        this.screen = screen;
        this.options = options;
        this.calls = new EngineCalls(engine, executor, inbox::add);
        vm.header.setup = options.setup();
        this.mentions = new Mentions(options.files(), executor);
        this.commands = new Commands(vm, chat, ui, calls, options.cwd(), mentions);
        this.keys = new KeyHandler(vm, chat, input, ui, commands, mentions);
        input.useHistory(PromptHistory.load(options.history()));
        Path cwd = Path.of(options.cwd()).getFileName();
        vm.header.cwdName = cwd == null ? "" : cwd.toString();
    }

    /** Subscribes to the engine and asks for what the screen needs; answers arrive later. */
    public void start() {
        subscription = engine.subscribe(EventFilter.live(), inbox::add);
        mentions.refresh();
        calls.call(
                new ListModels(options.cwd()),
                r -> r.models().forEach(m -> {
                    if (m.contextWindow() != null) vm.windows.put(m.id(), m.contextWindow());
                }),
                why -> {});
        calls.describe(where -> vm.header.engineWhere = where);
        // the task board needs the space, which the description names: asking before it arrived showed
        // "space is empty; give a value" until an agent existed
        calls.call(
                new DescribeWorkbench(options.cwd()),
                info -> {
                    vm.header.info = info;
                    askTasks();
                },
                why -> vm.header.info = null);
        listInFlight = true;
        calls.call(
                new ListAgents(),
                r -> {
                    vm.seed(r.agents());
                    listed();
                },
                why -> listed());
        // the language servers' state and diagnostics so far; events keep them live from here
        calls.call(new LspStatus(options.cwd()), vm.lsp::seed, why -> {});
        calls.call(new LspDiagnostics(options.cwd(), null), vm.lsp::seed, why -> {});
        if (options.resume() != null) resume(options.resume());
    }

    private void resume(String session) {
        Path dir = Path.of(options.cwd()).getFileName();
        calls.call(
                new ResumeSession(dir == null ? "default" : dir.toString(), session),
                d -> {
                    StartupTrace.mark("session answered");
                    vm.restore(d);
                    StartupTrace.mark("session restored");
                    traceFrame = "resumed session's first frame";
                },
                why -> vm.notice("Could not resume " + session + ": " + why, Style.ERROR));
    }

    /**
     * Shows "starting…" until {@code ready} completes (the engine wired on another thread: ops meanwhile
     * wait for it off this thread), then resumes the session it names (null: none); a failure quits, and
     * the caller reports it once the screen is restored.
     */
    void whenReady(CompletionStage<String> ready) {
        vm.engineNotice = STARTING;
        ready.whenComplete((session, failure) -> inbox.add((Runnable) () -> {
            if (STARTING.equals(vm.engineNotice)) vm.engineNotice = null;
            if (failure != null) ui.quit = true;
            else if (session != null) resume(session);
        }));
    }

    private static final String STARTING = "starting…";

    /**
     * Asks the agent list for what events do not carry (detached flag, template, depth) after a new
     * agent appears; one call at a time, and one more if agents appeared meanwhile.
     */
    private void listAgents() {
        if (listInFlight) {
            listAgain = true;
            return;
        }
        listInFlight = true;
        calls.call(
                new ListAgents(),
                r -> {
                    vm.refresh(r.agents());
                    listed();
                },
                why -> listed());
    }

    private void listed() {
        listInFlight = false;
        if (listAgain) {
            listAgain = false;
            listAgents();
        }
    }

    private void askTasks() {
        taskAskInFlight = true;
        vm.tasks.stale = false;
        String space = vm.header.info == null ? null : vm.header.info.space();
        calls.call(
                new ListTaskBoard(space, vm.selectedId),
                b -> {
                    taskAskInFlight = false;
                    vm.tasks.set(b);
                },
                why -> {
                    taskAskInFlight = false;
                    vm.tasks.fail(why);
                });
    }

    /** Runs until the user quits; the caller owns and stops the screen. */
    public void run() throws IOException {
        Thread reader = Thread.ofPlatform().daemon().name("dispatch-keys").start(this::readKeys);
        try {
            render();
            StartupTrace.mark("first frame");
            while (!ui.quit) {
                Object first = inbox.poll(250, TimeUnit.MILLISECONDS);
                boolean dirty = first != null && dispatch(first);
                dirty |= drain();
                if (dirty && !ui.quit) render();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reader.interrupt();
        }
    }

    /** Reads keys for the UI thread; a bracketed paste is gathered here and goes as one {@link Pasted}. */
    private void readKeys() {
        StringBuilder paste = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // polled, not a blocking read: while tmux attach owns the terminal no key may be taken from it
                KeyStroke k = keysPaused ? null : screen.pollInput();
                if (k == null) {
                    Thread.sleep(8);
                    continue;
                }
                if (k instanceof TerminalKeys.PasteMark m) {
                    if (m.start) paste = new StringBuilder();
                    else if (paste != null) {
                        inbox.add(new Pasted(paste.toString()));
                        paste = null;
                    }
                } else if (paste != null) {
                    paste.append(TerminalKeys.pasted(k));
                } else {
                    inbox.add(k);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            inbox.add(new KeyStroke(com.googlecode.lanterna.input.KeyType.EOF));
        }
    }

    /** Queues a key press as if typed (tests and the key reader thread). */
    void press(KeyStroke k) {
        inbox.add(k);
    }

    void resized() {
        inbox.add(RESIZED);
    }

    /**
     * Applies everything queued and redraws if anything changed; answers whether it redrew. The
     * loop of {@link #run} does this; tests and the render benchmark call it to draw frames on demand.
     */
    public boolean pump() throws IOException {
        boolean dirty = drain();
        if (dirty) render();
        return dirty;
    }

    private boolean drain() {
        boolean dirty = false;
        for (Object o; (o = inbox.poll()) != null; ) dirty |= dispatch(o);
        // one question at a time: changes that commit while it is in flight are in its answer or mark it stale again
        if (vm.tasks.stale && vm.header.info != null && !taskAskInFlight) askTasks();
        // external agents (dispatch spawn) beside the in-process ones, with a pane preview (AgentTreePanel)
        long now = System.nanoTime();
        if (vm.agentTree.external.due(now))
            vm.agentTree.external.ask(calls, vm.header.info == null ? null : vm.header.info.space(), now);
        return dirty;
    }

    private boolean dispatch(Object o) {
        if (o instanceof Event e) {
            // a new agent, a permission answer (grants) or a loaded skill: the detail pane needs the list again
            if (e instanceof AgentStarted
                    || e instanceof dev.dispatch.protocol.RuntimeEvents.PermissionResolved
                    || e instanceof dev.dispatch.protocol.RuntimeEvents.ToolCallFinished t
                            && t.tool().equals("activate_skill")) listAgents();
            if (e instanceof dev.dispatch.protocol.FleetEvents.ConflictDetected
                    || e instanceof dev.dispatch.protocol.FleetEvents.ExternalAgentExited
                    || e instanceof dev.dispatch.protocol.FleetEvents.AgentNudged) vm.agentTree.external.stale();
            // something new waits for the user: a prompt or a question rings the terminal bell
            if (e instanceof PermissionRequested || e instanceof QuestionAsked) ring = true;
            boolean changed = vm.apply(e);
            commands.turnOver(e); // a prompt queued while the agent worked goes when its turn ends
            return changed;
        }
        if (o instanceof KeyStroke k) {
            // the diagnostics pane's keys (F4, and ↑↓ Enter Esc while it is open) unless a prompt or help is up
            if (vm.queue.head() == null && !ui.help && DiagnosticsPanel.key(vm.lsp, k)) return true;
            String before = vm.selectedId;
            keys.handle(k);
            if (vm.agentTree.external.attach != null) {
                keysPaused = true; // no key may be taken from the terminal while tmux owns it
                TmuxAttach.run(engine, screen, vm.agentTree.external, ui);
                keysPaused = false;
                complete = true; // the screen was given back: send the next frame whole
            }
            if (before != null && !before.equals(vm.selectedId)) askTasks();
            return true;
        }
        if (o instanceof Pasted p) {
            keys.paste(p.text());
            return true;
        }
        if (o instanceof Runnable r) r.run();
        return true;
    }

    /** Draws one frame into the back buffer and sends the changed cells. */
    void render() throws IOException {
        TerminalSize resized = screen.doResizeIfNecessary();
        TerminalSize size = resized != null ? resized : screen.getTerminalSize();
        TextGraphics g = screen.newTextGraphics();
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.fill(' ');
        int w = size.getColumns();
        int h = size.getRows();
        TerminalPosition cursor = Frame.draw(g, w, h, this, options.userConfig());
        screen.setCursorPosition(cursor);
        screen.refresh(resized != null || complete ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        complete = false;
        if (traceFrame != null) {
            StartupTrace.mark(traceFrame);
            traceFrame = null;
        }
        if (ring && screen instanceof TerminalScreen ts) {
            ring = false;
            ts.getTerminal().bell();
            ts.getTerminal().flush();
        }
    }

    @Override
    public void close() {
        if (subscription != null) subscription.close();
    }

    /** Opens the workbench on the process's own terminal and runs it until the user quits. */
    public static void open(Engine engine, Options options) {
        open(engine, options, null);
    }

    /**
     * As {@link #open(Engine, Options)}, painting before the engine is ready: {@code ready} (null: ready
     * now) completes with the session to resume, or fails, which leaves the workbench at once.
     */
    public static void open(Engine engine, Options options, CompletionStage<String> ready) {
        // platform threads, never virtual ones: see ArchitectureTest.facesStartNoVirtualThreads
        ExecutorService executor = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("dispatch-call-", 0).factory());
        try {
            UnixTerminal terminal = new KeyTerminal(System.in, System.out, StandardCharsets.UTF_8);
            TerminalKeys.install(terminal.getInputDecoder());
            TerminalScreen screen = new TerminalScreen(terminal);
            screen.startScreen();
            StartupTrace.mark("screen started");
            System.out.print(TerminalKeys.ON);
            System.out.flush();
            Workbench wb = new Workbench(engine, screen, options, executor);
            try (wb) {
                terminal.addResizeListener((t, s) -> wb.resized());
                if (ready != null) wb.whenReady(ready);
                wb.start();
                StartupTrace.mark("engine asked");
                wb.run();
            } finally {
                int width = screen.getTerminalSize().getColumns();
                System.out.print(TerminalKeys.OFF);
                System.out.flush();
                screen.stopScreen();
                Scrollback.print(wb.vm, System.out, width);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the terminal failed: " + e.getMessage(), e);
        } finally {
            executor.shutdownNow();
        }
    }
}
