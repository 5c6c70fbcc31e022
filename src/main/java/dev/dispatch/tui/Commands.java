package dev.dispatch.tui;

import dev.dispatch.protocol.ModelOps.ShowConfig;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents.PermissionRequested;
import dev.dispatch.protocol.RuntimeEvents.QuestionAsked;
import dev.dispatch.protocol.SessionOps.AnswerQuestion;
import dev.dispatch.protocol.SessionOps.CancelAgent;
import dev.dispatch.protocol.SessionOps.InterruptTurn;
import dev.dispatch.protocol.SessionOps.ReplyPermission;
import dev.dispatch.protocol.SessionOps.SendInput;
import dev.dispatch.protocol.SessionOps.StartAgent;
import dev.dispatch.protocol.SessionOps.StartAgentResult;
import java.util.List;

/**
 * What the workbench asks of the engine on the user's behalf: send a message (start an agent, or
 * give it to the selected one; a prompt typed while it works is queued here and sent when its turn
 * ends, while an {@code @agent} message goes at once and reaches the agent at its next model request),
 * interrupt or cancel, answer a permission prompt, and the slash commands of {@link SlashCommands}.
 * Every call is asynchronous; failures become notices in the conversation, never exceptions.
 */
final class Commands {
    final ViewModel vm;
    final ChatView chat;
    final UiState ui;
    final EngineCalls calls;
    final String cwd;
    final SessionCommands sessions;
    private final Mentions mentions;

    Commands(ViewModel vm, ChatView chat, UiState ui, EngineCalls calls, String cwd, Mentions mentions) {
        this.vm = vm;
        this.chat = chat;
        this.ui = ui;
        this.calls = calls;
        this.cwd = cwd;
        this.mentions = mentions;
        this.sessions = new SessionCommands(this);
    }

    /**
     * Sends what the box holds: a slash command runs; {@code @path} mentions attach their files and an
     * {@code @agent} first word addresses that agent. The box is emptied only when the message went
     * (a mention that cannot be attached leaves it as typed, with the reason).
     */
    void submit(InputState input) {
        String shown = input.text.toString();
        if (shown.isBlank()) return;
        if (shown.strip().startsWith("/") && input.pastes().isEmpty()) {
            input.take();
            slash(shown.strip());
            return;
        }
        String expanded = shown;
        for (var p : input.pastes().entrySet()) expanded = expanded.replace(p.getKey(), p.getValue());
        Mentions.Resolved r = mentions.resolve(expanded, vm);
        if (r.error() != null) {
            ui.hint = "";
            vm.notice(r.error(), Style.ERROR);
            return;
        }
        InputState.Typed typed = input.take();
        if (r.agentId() != null && !r.agentId().equals(vm.selectedId)) {
            vm.selectedId = r.agentId();
            chat.reset();
        }
        send(typed.shown(), r.text(), r.agentId() != null);
    }

    /** Sends {@code text} as typed (tests, and messages without mentions or pastes). */
    void send(String text) {
        if (text.isBlank()) return;
        if (text.startsWith("/")) {
            slash(text.strip());
            return;
        }
        send(text, text, false);
    }

    /**
     * {@code shown}: what the transcript shows; {@code wire}: what the agent gets (attachments expanded);
     * {@code addressed}: the user named the agent ({@code @agent}), so it is not held for the turn's end.
     */
    private void send(String shown, String wire, boolean addressed) {
        AgentView a = vm.selected();
        QuestionAsked open = a == null ? null : vm.queue.questionOf(a.id);
        if (open != null) {
            answer(open, wire);
            return;
        }
        if (a != null && a.readOnly()) {
            vm.notice(
                    a.label() + " finished: its thread is read-only. ctrl+t switches threads; /new starts a new agent.",
                    Style.WARN);
            return;
        }
        if (a != null) {
            // one conversation: a follow-up goes to the same agent, so it keeps its history (and its children
            // still report to it). Typed while it works, the prompt is the next user turn: held here (shown
            // queued, /unqueue takes it back) until the turn ends. Addressed with @agent, it goes now and the
            // engine hands it over at the agent's next model request, beside the results of its tools.
            boolean working = working(a);
            boolean hold = working && !addressed;
            Entry.User u = new Entry.User(
                    shown, hold ? Entry.Delivery.QUEUED : working ? Entry.Delivery.WAITING : Entry.Delivery.DELIVERED);
            u.wire = wire;
            a.transcript.add(u);
            chat.anchorEntry = null;
            if (hold) vm.queued.add(a.id, u);
            else deliver(a, u);
            return;
        }
        start(null, shown, wire);
    }

    /** Whether the agent is in a turn (running, or waiting in one for the user, its children or a key). */
    static boolean working(AgentView a) {
        return switch (a.status) {
            case RUNNING, WAITING_USER, WAITING_CHILDREN, WAITING_KEY -> true;
            case IDLE, DONE, ERROR, CANCELLED -> false;
        };
    }

    /**
     * After the workbench folded {@code e}: when an agent's turn is over, the oldest prompt queued for it
     * goes (its own turn's end sends the next). A cancelled agent, or a finished detached one, takes no
     * more input: what was queued for it is dropped, and the transcript says so.
     */
    void turnOver(dev.dispatch.protocol.Event e) {
        if (!(e instanceof dev.dispatch.protocol.RuntimeEvents.AgentFinished f)) return;
        if (vm.queued.size(f.agentId()) == 0) return;
        AgentView a = vm.agent(f.agentId());
        boolean cancelled =
                f.status() == dev.dispatch.protocol.AgentStatus.CANCELLED && !ViewModel.INTERRUPTED.equals(f.error());
        if (cancelled || a.readOnly()) {
            List<Entry.User> dropped = vm.queued.dropAll(a.id);
            dropped.forEach(a.transcript::remove);
            a.transcript.add(new Entry.Notice(
                    dropped.size() + " queued prompt" + (dropped.size() == 1 ? "" : "s") + " not sent: "
                            + a.label() + (cancelled ? " was cancelled" : " finished (read-only)")
                            + ". ↑ recalls what you typed.",
                    Style.WARN));
            return;
        }
        Entry.User u = vm.queued.next(a.id);
        u.delivery = Entry.Delivery.WAITING;
        a.transcript.changed(u);
        deliver(a, u);
    }

    /** {@code /unqueue [all]}: takes back the newest prompt queued for the selected agent (or all of them). */
    void unqueue(String arg) {
        AgentView a = vm.selected();
        if (!arg.isEmpty() && !arg.equals("all")) {
            vm.notice(
                    "'/unqueue " + TextWrap.sanitize(arg) + "' is not a form: /unqueue takes back the newest "
                            + "queued prompt, /unqueue all every one. Nothing changed.",
                    Style.ERROR);
            return;
        }
        List<Entry.User> taken = a == null
                ? List.of()
                : arg.equals("all")
                        ? vm.queued.dropAll(a.id)
                        : java.util.Optional.ofNullable(vm.queued.dropLast(a.id))
                                .map(List::of)
                                .orElse(List.of());
        if (taken.isEmpty()) {
            vm.notice(
                    "No queued prompt" + (a == null ? "" : " for " + a.label()) + ": nothing to take back.",
                    Style.MUTED);
            return;
        }
        taken.forEach(a.transcript::remove);
        chat.anchorEntry = null;
        vm.notice(
                "Took back " + taken.size() + " queued prompt" + (taken.size() == 1 ? "" : "s") + " (not sent): "
                        + String.join(
                                " · ",
                                taken.stream()
                                        .map(u -> TextWrap.fit(u.text, 60))
                                        .toList())
                        + (vm.queued.size(a.id) > 0 ? " — " + vm.queued.size(a.id) + " still queued." : ""),
                Style.MUTED);
    }

    private void deliver(AgentView a, Entry.User u) {
        calls.call(
                new SendInput(a.id, u.wire),
                ack -> {},
                why -> vm.notice("Could not send: " + why, Style.ERROR),
                gone -> continueSession(a, u, u.wire));
    }

    /** Starts a new agent on {@code text}, continuing {@code from}'s session when given. */
    private void start(AgentView from, String shown, String wire) {
        Transcript where = from == null ? vm.home : from.transcript;
        Entry.User u = new Entry.User(shown, Entry.Delivery.STARTING);
        u.wire = wire;
        where.add(u);
        start(wire, vm.resumeSession, where, u, vm.resumeSession == null ? List.of() : where.entries());
    }

    /**
     * The agent is gone (its owner restarted): a new agent continues its session with the stored
     * history, and the pane keeps the earlier exchange.
     */
    private void continueSession(AgentView old, Entry.User u, String text) {
        u.delivery = Entry.Delivery.STARTING;
        old.transcript.changed(u);
        start(text, old.sessionId, old.transcript, u, old.transcript.entries());
    }

    private void start(String text, String session, Transcript where, Entry.User u, List<Entry> carry) {
        StartAgent op = StartAgent.of(text, cwd)
                .withModel(vm.modelOverride)
                .withSession(session)
                .withTemplate(vm.template);
        calls.call(op, r -> started(r, where, u, List.copyOf(carry)), why -> {
            u.delivery = Entry.Delivery.DELIVERED;
            where.changed(u);
            where.add(new Entry.Notice("Could not start an agent: " + why, Style.ERROR));
        });
    }

    private void started(StartAgentResult r, Transcript where, Entry.User u, List<Entry> carry) {
        where.entries().remove(u);
        where.changed(u);
        AgentView a = vm.agent(r.agentId());
        if (a.sessionId == null) a.sessionId = r.sessionId();
        if (a.model == null) a.model = r.model();
        if (a.provider == null) a.provider = r.provider();
        u.delivery = Entry.Delivery.DELIVERED;
        // the agent's first events may have arrived before this answer: the prompt still goes first
        boolean hasUser = a.transcript.entries().stream().anyMatch(e -> e instanceof Entry.User);
        if (!hasUser) a.transcript.insert(0, u);
        // the earlier exchange of the same session stays above it
        List<Entry> earlier = carry.stream().filter(e -> e != u).toList();
        for (int i = 0; i < earlier.size(); i++) a.transcript.insert(i, earlier.get(i));
        if (where != a.transcript && !earlier.isEmpty()) {
            where.clear();
            vm.agents.values().removeIf(v -> v.transcript == where);
        }
        vm.resumeSession = null;
        vm.selectedId = a.id;
        chat.reset();
    }

    void reply(PermissionAnswer d) {
        PermissionRequested p = vm.firstPending();
        if (p == null) return;
        vm.answeredLocally(p, d);
        calls.call(new ReplyPermission(p.requestId(), d, null), ack -> {}, why -> vm.answerFailed(p, why));
    }

    /** Answers a detached agent's question (a bare option number sends that option). */
    void answer(QuestionAsked q, String typed) {
        String answer = QuestionModal.answerFor(q, typed);
        if (answer.isBlank()) return;
        vm.queue.remove(q.questionId());
        calls.call(new AnswerQuestion(q.questionId(), answer), ack -> {}, why -> {
            vm.queue.add(q);
            vm.agent(q.agentId()).transcript.add(new Entry.Notice("Could not send the answer: " + why, Style.ERROR));
        });
    }

    /** Esc, the first ctrl+C, /interrupt: stops the selected agent's turn; the agent keeps its conversation. */
    boolean interrupt() {
        AgentView a = vm.selected();
        if (a == null || !working(a)) {
            ui.hint = "nothing to interrupt";
            return false;
        }
        ui.hint = "interrupting " + a.label() + "…";
        calls.call(
                new InterruptTurn(a.id),
                ack -> {},
                why -> vm.notice("Could not interrupt " + a.label() + ": " + why, Style.ERROR));
        return true;
    }

    void cancel() {
        AgentView a = vm.selected();
        if (a == null || a.finished()) {
            ui.hint = "no running agent selected";
            return;
        }
        calls.call(
                new CancelAgent(a.id, "cancelled by the operator"),
                ack -> ui.hint = "cancel sent to " + a.label(),
                why -> vm.notice("Could not cancel: " + why, Style.ERROR));
    }

    private void slash(String line) {
        if (!SlashCommands.run(this, line)) {
            String name = line.split("\\s+", 2)[0];
            List<String> near = SlashCommands.matching(name.length() > 2 ? name.substring(0, 2) : name);
            vm.notice(
                    "Unknown command '" + TextWrap.sanitize(name) + "': /help lists the commands"
                            + (near.isEmpty() ? "." : " (did you mean " + String.join(" or ", near) + "?)."),
                    Style.ERROR);
        }
    }

    void help(String arg) {
        List<String> lines = SlashCommands.helpLines();
        vm.notice(String.join("\n", lines) + "\n? shows the key bindings.", Style.MUTED);
    }

    void newAgent() {
        vm.selectedId = null;
        vm.resumeSession = null;
        chat.reset();
    }

    void clearScreen() {
        vm.transcript().clear();
        chat.reset();
    }

    void toggleExpand() {
        chat.expandAll = !chat.expandAll;
    }

    void find(String arg) {
        chat.search.active = true;
        chat.search.query.setLength(0);
        chat.search.query.append(arg);
        chat.runSearch(vm.transcript());
    }

    void quit() {
        ui.quit = true;
    }

    /** A template name as dispatch.yaml spells its agents: letters, digits, '.', '-', '_', at most 64 (as config entry ids). */
    static final java.util.regex.Pattern TEMPLATE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** {@code /agent [TEMPLATE]}: shows or sets the template of the next prompt's new agent. */
    void template(String name) {
        if (name.isEmpty()) {
            String now = vm.template == null ? "the default agent (main)" : "template " + vm.template;
            vm.notice(
                    "New agents start from " + now + ". /agent TEMPLATE changes it (templates: agents: in "
                            + "dispatch.yaml).",
                    Style.MUTED);
            return;
        }
        if (!TEMPLATE.matcher(name).matches()) {
            vm.notice(
                    "'" + TextWrap.sanitize(name) + "' is not a template name: use letters, digits, '.', '-' or '_' "
                            + "(at most 64), as under agents: in dispatch.yaml.",
                    Style.ERROR);
            return;
        }
        if ("main".equals(name)) {
            useTemplate(name);
            return;
        }
        calls.call(
                new ShowConfig(cwd),
                r -> {
                    java.util.Set<String> ids = new java.util.TreeSet<>();
                    for (var e : r.values()) {
                        String[] k = e.key().split("\\.", 3);
                        if (k.length == 3 && k[0].equals("agents")) ids.add(k[1]);
                    }
                    if (ids.contains(name)) useTemplate(name);
                    else
                        vm.notice(
                                "No agent template '" + name + "' in dispatch.yaml; templates: "
                                        + (ids.isEmpty() ? "none (add one under agents:)" : String.join(", ", ids))
                                        + ". Nothing changed.",
                                Style.ERROR);
                },
                why -> vm.notice(
                        "Could not check template '" + name + "': " + why + ". Nothing changed.", Style.ERROR));
    }

    private void useTemplate(String name) {
        vm.template = "main".equals(name) ? null : name;
        vm.selectedId = null;
        chat.reset();
        vm.notice("The next prompt starts a new agent from template " + name + ".", Style.MUTED);
    }
}
