package dev.dispatch.tui;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.EngineEvent;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.JournalPayload;
import dev.dispatch.protocol.KeyEvents.ConfigReloaded;
import dev.dispatch.protocol.KeyEvents.KeySwitched;
import dev.dispatch.protocol.KeyEvents.SkillsReloaded;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.LspEvents.LspDiagnosticsChanged;
import dev.dispatch.protocol.LspEvents.LspServerChanged;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.AgentFinished;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import dev.dispatch.protocol.RuntimeEvents.AgentStateChanged;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.PermissionResolved;
import dev.dispatch.protocol.RuntimeEvents.QuestionAnswered;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import dev.dispatch.protocol.RuntimeEvents.TextDelta;
import dev.dispatch.protocol.RuntimeEvents.ToolCallFinished;
import dev.dispatch.protocol.RuntimeEvents.ToolCallStarted;
import dev.dispatch.protocol.RuntimeEvents.ToolOutput;
import dev.dispatch.protocol.RuntimeEvents.TurnEnded;
import dev.dispatch.protocol.RuntimeEvents.TurnStarted;
import dev.dispatch.protocol.RuntimeEvents.UsageRecorded;
import dev.dispatch.protocol.RuntimeEvents.UserMessageDelivered;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.protocol.TaskOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the workbench shows, folded from engine events and the answers to its ops. Pure: no
 * terminal, no threads (the UI thread owns it), so it is unit-tested by feeding it events.
 * Components read it; only {@link #apply} and the small mutators below change it.
 */
final class ViewModel {
    /** The error of a turn the user interrupted (Esc, ctrl+C): the agent lives on for the next prompt. */
    static final String INTERRUPTED = "interrupted by the user";

    final Map<String, AgentView> agents = new LinkedHashMap<>();
    /** Context windows in tokens by model id, from the model list (0 or absent: unknown). */
    final Map<String, Integer> windows = new java.util.HashMap<>();
    /** Prompts and questions waiting for the user, oldest first. */
    final ApprovalQueue queue = new ApprovalQueue();
    /** Prompts typed while their agent works, sent one per finished turn (see {@link Commands#turnOver}). */
    final PromptQueue<Entry.User> queued = new PromptQueue<>();

    final Map<String, PermissionRequested> answered = new LinkedHashMap<>();
    final AgentTree agentTree = new AgentTree(agents);
    final List<PermissionLogLine> permissionLog = new ArrayList<>();
    /** Notices shown before any agent exists (start failures, help). */
    final Transcript home = new Transcript();

    final HeaderInfo header = new HeaderInfo();
    final TaskBoardView tasks = new TaskBoardView();
    /** The project's language servers and diagnostics, and the diagnostics pane's state (F4). */
    final LspView lsp = new LspView();

    String selectedId;
    String modelOverride;
    /** The engine's last notice (a key disabled or resting, a reload), shown in the status bar. */
    String engineNotice;
    /** The recorded session the next message continues (resume), shown in {@link #home} until then. */
    String resumeSession;
    /** The agent template new agents start from ({@code /agent NAME}); null is the default. */
    String template;

    /** Folds one event in; answers whether anything visible changed. */
    boolean apply(Event e) {
        switch (e) {
            case AgentStarted s -> {
                AgentView a = agent(s.agentId());
                a.parentId = s.parentAgentId();
                if (s.name() != null) a.name = s.name();
                a.sessionId = s.sessionId();
                a.model = s.model();
                a.provider = s.provider();
                if (selectedId == null && a.parentId == null && resumeSession == null) selectedId = a.id;
            }
            case AgentStateChanged c -> {
                AgentView a = agent(c.agentId());
                a.status = c.status();
                a.detail = c.detail();
            }
            case UserMessageDelivered u -> delivered(agent(u.agentId()), u.text());
            case TextDelta d -> {
                AgentView a = agent(d.agentId());
                a.transcript.appendText(a.model == null ? a.label() : a.model, d.text());
            }
            case ToolCallStarted t ->
                agent(t.agentId()).transcript.add(new Entry.Tool(t.callId(), t.tool(), t.argumentsJson()));
            case ToolOutput o -> {
                Transcript tr = agent(o.agentId()).transcript;
                Entry.Tool t = tr.tool(o.callId());
                if (t == null) return false;
                t.output.append(o.chunk());
                tr.changed(t);
            }
            case ToolCallFinished f -> finished(agent(f.agentId()).transcript, f);
            case UsageRecorded u -> {
                AgentView a = agent(u.agentId());
                a.inputTokens += u.inputTokens();
                a.outputTokens += u.outputTokens();
                a.costUsd += u.costUsd();
                // the last call's whole prompt plus its answer: how full the context window is now
                a.contextTokens = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() + u.outputTokens();
            }
            case PermissionRequested p -> {
                agent(p.agentId());
                queue.add(p);
            }
            case PermissionResolved r -> resolved(r);
            case QuestionAsked q -> asked(q);
            case QuestionAnswered q -> questionAnswered(q);
            case AgentFinished f -> {
                AgentView a = agent(f.agentId());
                a.status = f.status();
                String text =
                        switch (f.status()) {
                            case ERROR -> "✗ agent failed: " + (f.error() == null ? "no reason given" : f.error());
                            case CANCELLED ->
                                INTERRUPTED.equals(f.error())
                                        ? "⊘ interrupted: the next prompt continues the conversation"
                                        : "⊘ agent cancelled" + (f.error() == null ? "" : ": " + f.error());
                            default -> "✓ agent finished";
                        };
                a.transcript.add(new Entry.Notice(text, f.status() == AgentStatus.ERROR ? Style.ERROR : Style.MUTED));
            }
            case TurnStarted t -> {
                return false;
            }
            case TurnEnded t -> {
                return false;
            }
            case LspDiagnosticsChanged d -> {
                // the pane shows every change; the status line only a change in the counts
                boolean counts = lsp.countsChange(d);
                if (!lsp.apply(d)) return false;
                if (counts) engineNotice = d.summary();
            }
            case LspServerChanged s -> {
                if (!lsp.apply(s)) return false;
                engineNotice = s.summary();
            }
            case EngineEvent x -> engineNotice = x.summary();
            case JournalEvent j -> {
                return journal(j.payload());
            }
        }
        return true;
    }

    /** A committed journal event; true when the view changed. */
    private boolean journal(JournalPayload p) {
        switch (p) {
            case KeySwitched k -> {
                // failover may move the agent to another model: its badge follows
                AgentView a = agent(k.agentId());
                if (k.model() != null && !k.model().isBlank()) a.model = k.model();
                a.transcript.add(new Entry.Notice(
                        "key switched: " + k.fromKey() + " → " + k.toKey()
                                + (k.reason() == null ? "" : " (" + k.reason() + ")"),
                        Style.MUTED));
                return true;
            }
            case ConfigReloaded c -> {
                engineNotice = c.summary();
                return true;
            }
            case SkillsReloaded r -> {
                engineNotice = r.summary();
                return true;
            }
            // the task board is a query, re-asked when a change that shows on it commits (never on a timer)
            case TaskOps.Journaled t -> tasks.stale = true;
            case AgentOps.AgentRemoved r -> tasks.stale = true;
            case JournalEvent.Reset r -> tasks.stale = true;
            case AgentOps.Journaled a -> {}
            case LockOps.Journaled l -> {}
            case MessageOps.Journaled m -> {}
            case KnowledgeOps.Journaled k -> {}
            case ApprovalOps.Journaled a -> {}
            case JournalEvent.Unknown u -> {}
        }
        return false;
    }

    private void asked(QuestionAsked q) {
        AgentView a = agent(q.agentId());
        a.detached = true; // only detached agents may ask the user
        queue.add(q);
        a.transcript.add(new Entry.Notice(QuestionModal.asText(q), Style.WARN));
    }

    private void questionAnswered(QuestionAnswered q) {
        queue.remove(q.questionId());
        AgentView a = agent(q.agentId());
        if (q.withdrawn()) {
            a.transcript.add(new Entry.Notice("question withdrawn: the agent was cancelled", Style.MUTED));
        } else {
            a.transcript.add(new Entry.User(q.answer(), Entry.Delivery.DELIVERED));
        }
    }

    private void delivered(AgentView a, String text) {
        // the workbench already shows what the operator typed; the event only confirms delivery
        for (Entry e : a.transcript.entries()) {
            if (e instanceof Entry.User u && !u.delivered() && (u.wire.equals(text) || u.text.equals(text))) {
                u.delivery = Entry.Delivery.DELIVERED;
                a.transcript.changed(u);
                return;
            }
        }
        for (int i = a.transcript.size() - 1; i >= 0; i--) {
            if (a.transcript.entries().get(i) instanceof Entry.User u && (u.wire.equals(text) || u.text.equals(text)))
                return;
        }
        a.transcript.add(new Entry.User(text, Entry.Delivery.DELIVERED));
    }

    private static void finished(Transcript tr, ToolCallFinished f) {
        Entry.Tool t = tr.tool(f.callId());
        if (t == null) {
            t = new Entry.Tool(f.callId(), f.tool(), "");
            tr.add(t);
        }
        t.finished = true;
        t.failed = f.failed();
        t.result = f.result();
        t.exitCode = f.exitCode();
        t.diff = f.diff();
        tr.changed(t);
    }

    private void resolved(PermissionResolved r) {
        PermissionRequested p = queue.remove(r.requestId()) instanceof PermissionRequested q ? q : null;
        if (answered.remove(r.requestId()) != null) return;
        String agent = agentLabel(r.agentId());
        String tool = p == null ? "?" : p.tool();
        String target = p == null ? "" : target(p);
        String by = r.note() == null || r.note().isBlank() ? "rule" : r.note();
        permissionLog.add(new PermissionLogLine(r.requestId(), agent, tool, target, r.decision(), by));
    }

    /** The operator answered a prompt here; it leaves the queue now, before the engine confirms. */
    void answeredLocally(PermissionRequested p, PermissionAnswer d) {
        queue.remove(p.requestId());
        answered.put(p.requestId(), p);
        permissionLog.add(new PermissionLogLine(p.requestId(), agentLabel(p.agentId()), p.tool(), target(p), d, "you"));
    }

    /** The engine refused our answer: the prompt comes back, so it is never silently lost. */
    void answerFailed(PermissionRequested p, String why) {
        answered.remove(p.requestId());
        queue.add(p);
        permissionLog.removeIf(l -> l.requestId().equals(p.requestId()) && l.by().equals("you"));
        notice("Could not send the permission answer: " + why, Style.ERROR);
    }

    static String target(PermissionRequested p) {
        if (p.command() != null && !p.command().isBlank()) return p.command();
        return p.paths() == null ? "" : String.join(", ", p.paths());
    }

    /** The oldest pending permission prompt, or null. */
    PermissionRequested firstPending() {
        return queue.firstPrompt();
    }

    void seed(List<AgentSnapshot> snapshots) {
        for (AgentSnapshot s : snapshots) {
            AgentView a = agent(s.agentId());
            a.parentId = s.parentAgentId();
            if (s.name() != null) a.name = s.name();
            a.sessionId = s.sessionId();
            a.model = s.model();
            a.provider = s.provider();
            a.status = s.status();
            a.detail = s.detail();
            a.inputTokens = s.inputTokens();
            a.outputTokens = s.outputTokens();
            a.costUsd = s.costUsd();
            a.depth = s.depth();
            a.template = s.template();
            a.detached |= s.detached();
            a.permissions = s.permissions();
            a.skills = s.skills();
        }
        if (selectedId == null && !agents.isEmpty() && resumeSession == null)
            selectedId = agents.keySet().iterator().next();
    }

    /** Shows a resumed session's transcript; the next message continues that session. */
    void restore(SessionBrowseOps.SessionDetail d) {
        resumeSession = d.session().id();
        selectedId = null;
        home.clear();
        home.add(new Entry.Notice(
                "Resumed session " + d.session().id() + ": " + d.session().title(), Style.MUTED));
        for (SessionBrowseOps.MessageView m : d.messages()) {
            boolean text = m.content() != null && m.content().contains("\"type\":\"text\"");
            if (m.text() == null || m.text().isBlank() || !text) continue; // tool results stay in the store
            if ("user".equals(m.role())) home.add(new Entry.User(m.text(), Entry.Delivery.DELIVERED));
            else {
                Entry.Assistant e = new Entry.Assistant("main");
                e.text.append(m.text());
                home.add(e);
            }
        }
    }

    /**
     * Takes what the agent list knows and events do not carry (detached flag, template, depth,
     * permissions, skills). Only those: a status or usage in the list may be older than events
     * already folded in.
     */
    void refresh(List<AgentSnapshot> snapshots) {
        for (AgentSnapshot s : snapshots) {
            AgentView a = agents.get(s.agentId());
            if (a == null) continue;
            a.depth = s.depth();
            a.template = s.template();
            a.detached |= s.detached();
            a.permissions = s.permissions();
            a.skills = s.skills();
        }
    }

    AgentView agent(String id) {
        return agents.computeIfAbsent(id, AgentView::new);
    }

    String agentLabel(String id) {
        AgentView a = agents.get(id);
        return a == null ? id : a.label();
    }

    /**
     * How a prompt names its agent: the engine's ancestry ({@code main › planner}) when it goes beyond
     * the agent itself, else the agent's name.
     */
    String ancestryLabel(String agentId, String ancestry) {
        if (ancestry == null || ancestry.isBlank() || ancestry.equals(agentId)) return agentLabel(agentId);
        return TextWrap.sanitize(ancestry);
    }

    AgentView selected() {
        return selectedId == null ? null : agents.get(selectedId);
    }

    Transcript transcript() {
        AgentView a = selected();
        return a == null ? home : a.transcript;
    }

    void notice(String text, Style style) {
        transcript().add(new Entry.Notice(text, style));
    }

    /** Agents in tree order: each parent followed by its children, depth-first; folded subtrees as one row. */
    List<AgentTree.Row> tree() {
        return agentTree.rows();
    }

    /** Moves the selection up or down the tree by {@code delta} rows. */
    void moveSelection(int delta) {
        selectedId = agentTree.move(selectedId, delta);
    }

    AgentTree.Counts counts() {
        return agentTree.counts();
    }
}
