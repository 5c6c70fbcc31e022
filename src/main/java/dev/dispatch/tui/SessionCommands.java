package dev.dispatch.tui;

import dev.dispatch.protocol.ModelOps.ListModels;
import dev.dispatch.protocol.ModelOps.ListSkills;
import dev.dispatch.protocol.ModelOps.ModelRow;
import dev.dispatch.protocol.PermissionOps.ListRules;
import dev.dispatch.protocol.SessionBrowseOps.CompactSession;
import dev.dispatch.protocol.SessionBrowseOps.DiffSession;
import dev.dispatch.protocol.SessionBrowseOps.ForkSession;
import dev.dispatch.protocol.SessionBrowseOps.ListSessions;
import dev.dispatch.protocol.SessionBrowseOps.ResumeSession;
import dev.dispatch.protocol.SessionBrowseOps.SessionCost;
import dev.dispatch.protocol.SessionBrowseOps.SessionInfo;
import dev.dispatch.protocol.SessionBrowseOps.UndoTurn;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.protocol.SessionOps.ListAgents;
import dev.dispatch.protocol.SessionOps.SwitchModel;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The slash commands that ask the engine something and show the answer: {@code /model} (checked
 * against the configured models before anything changes), {@code /resume} (a picker of this project's
 * sessions), {@code /fork}, {@code /compact}, {@code /cost}, {@code /undo}, {@code /diff}, {@code /agents},
 * {@code /permissions}, {@code /skills}. The line-mode chat's counterparts are {@link LineSessionCommands}.
 */
final class SessionCommands {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
    private final Commands c;

    SessionCommands(Commands c) {
        this.c = c;
    }

    /** The space sessions are recorded in: the engine's answer, or the project directory's name. */
    private String space() {
        if (c.vm.header.info != null && c.vm.header.info.space() != null) return c.vm.header.info.space();
        Path dir = Path.of(c.cwd).getFileName();
        return dir == null ? "default" : dir.toString();
    }

    /**
     * {@code /model [NAME]}: shows the model, or, once the config knows NAME, switches the selected live
     * agent to it (its next call carries the whole conversation) and makes it the model for new agents.
     */
    void model(String name) {
        if (name.isEmpty()) {
            String m = c.vm.modelOverride == null
                    ? "the configured default (" + c.vm.header.model() + ")"
                    : c.vm.modelOverride;
            c.vm.notice("New agents use " + m + ". /model NAME changes it.", Style.MUTED);
            return;
        }
        c.calls.call(
                new ListModels(c.cwd),
                r -> {
                    List<String> ids = new ArrayList<>();
                    ModelRow found = null;
                    for (ModelRow m : r.models()) {
                        ids.add(m.id());
                        if (m.id().equals(name)) found = m;
                    }
                    if (found == null) {
                        c.vm.notice(
                                "No model '" + TextWrap.sanitize(name) + "' in the config; models: "
                                        + (ids.isEmpty() ? "none (add one under models:)" : String.join(", ", ids))
                                        + ". Nothing changed.",
                                Style.ERROR);
                        return;
                    }
                    c.vm.modelOverride = name;
                    AgentView live = c.vm.selected();
                    if (live != null && !live.finished()) {
                        switchLive(live, name);
                        return;
                    }
                    c.vm.notice(
                            "New agents will use model " + name + "."
                                    + (found.activeKey() == null
                                            ? " No key can pay for it now: 'dispatch keys list' shows why."
                                            : ""),
                            found.activeKey() == null ? Style.WARN : Style.MUTED);
                },
                why -> c.vm.notice(
                        "Could not check model '" + TextWrap.sanitize(name) + "': " + why + ". Nothing changed.",
                        Style.ERROR));
    }

    /** {@code /resume}: a picker of the project's latest sessions; {@code /resume ID} continues that one. */
    void resume(String arg) {
        if (!arg.isEmpty()) {
            open(arg);
            return;
        }
        c.calls.call(
                new ListSessions(space(), c.cwd, false, null, null, 20),
                r -> {
                    if (r.sessions().isEmpty()) {
                        c.vm.notice("No recorded sessions in this project yet.", Style.MUTED);
                        return;
                    }
                    List<String> rows = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (SessionInfo s : r.sessions()) {
                        String when = s.updatedAt() == null
                                ? ""
                                : WHEN.format(s.updatedAt().atZone(ZoneId.systemDefault()));
                        rows.add(when + "  " + s.messageCount() + " msg  " + TextWrap.sanitize(s.title()));
                        ids.add(s.id());
                    }
                    c.ui.picker =
                            new Picker("resume a session (Enter continues it, Esc leaves)", rows, ids, this::open);
                },
                why -> c.vm.notice("Could not list sessions: " + why, Style.ERROR));
    }

    private void open(String sessionId) {
        c.calls.call(
                new ResumeSession(space(), sessionId),
                d -> {
                    c.vm.restore(d);
                    c.chat.reset();
                },
                why -> c.vm.notice("Could not resume " + TextWrap.sanitize(sessionId) + ": " + why, Style.ERROR));
    }

    /** {@code /fork}: copies the shown conversation's session and continues the copy. */
    void fork() {
        AgentView a = c.vm.selected();
        String session = a != null && a.sessionId != null ? a.sessionId : c.vm.resumeSession;
        if (session == null) {
            c.vm.notice("Nothing to fork yet: send a prompt first (or /resume a session).", Style.WARN);
            return;
        }
        c.calls.call(
                new ForkSession(space(), session, null),
                copy -> {
                    open(copy.id());
                    c.vm.notice(
                            "Forked " + session + " as " + copy.id() + ": the next prompt continues the copy.",
                            Style.MUTED);
                },
                why -> c.vm.notice("Could not fork " + session + ": " + why, Style.ERROR));
    }

    void agents() {
        c.calls.call(
                new ListAgents(),
                r -> {
                    if (r.agents().isEmpty()) {
                        c.vm.notice("No agents yet: the next prompt starts one.", Style.MUTED);
                        return;
                    }
                    StringBuilder out = new StringBuilder("Agents (@NAME at the start of a prompt sends to one):");
                    for (AgentSnapshot s : r.agents()) {
                        out.append('\n')
                                .append("  ".repeat(Math.max(0, s.depth())))
                                .append(s.name())
                                .append("  ")
                                .append(s.status().name().toLowerCase(Locale.ROOT))
                                .append("  ")
                                .append(s.model())
                                .append(String.format(
                                        Locale.ROOT,
                                        "  %s tok  $%.2f",
                                        StatusBar.tokens(s.inputTokens() + s.outputTokens()),
                                        s.costUsd()));
                    }
                    c.vm.notice(out.toString(), Style.MUTED);
                },
                why -> c.vm.notice("Could not list agents: " + why, Style.ERROR));
    }

    void permissions() {
        c.calls.call(
                new ListRules(c.cwd),
                r -> {
                    if (r.rules().isEmpty()) {
                        c.vm.notice("No auto_allow or deny rules here: every write and command asks.", Style.MUTED);
                        return;
                    }
                    StringBuilder out = new StringBuilder("Permission rules in force (dispatch permissions explain):");
                    for (var rule : r.rules()) {
                        out.append("\n  ")
                                .append(rule.kind())
                                .append("  ")
                                .append(rule.value())
                                .append("  (")
                                .append(rule.scope())
                                .append(", ")
                                .append(rule.origin())
                                .append(')');
                    }
                    c.vm.notice(out.toString(), Style.MUTED);
                },
                why -> c.vm.notice("Could not list the permission rules: " + why, Style.ERROR));
    }

    void skills() {
        c.calls.call(
                new ListSkills(c.cwd, null),
                r -> {
                    if (r.skills().isEmpty()) {
                        c.vm.notice("No skills here: dispatch skills --help says where they go.", Style.MUTED);
                        return;
                    }
                    StringBuilder out = new StringBuilder("Skills:");
                    for (var s : r.skills()) {
                        out.append("\n  ")
                                .append(s.qualifiedName())
                                .append("  ")
                                .append(s.description());
                    }
                    for (String w : r.warnings()) out.append("\n  ! ").append(w);
                    c.vm.notice(out.toString(), Style.MUTED);
                },
                why -> c.vm.notice("Could not list skills: " + why, Style.ERROR));
    }

    /** The selected agent's model switched (SwitchModel); the agent's row shows the new one at once. */
    private void switchLive(AgentView a, String name) {
        c.calls.call(
                new SwitchModel(a.id, name, null),
                r -> {
                    a.model = r.model();
                    a.provider = r.provider();
                    c.vm.notice(
                            "Switched " + a.name + " from " + r.previousModel() + " to " + r.model() + " ("
                                    + r.provider() + "): its next call carries the whole conversation.",
                            Style.MUTED);
                },
                why -> c.vm.notice(
                        "Could not switch " + a.name + " to " + TextWrap.sanitize(name) + ": " + why, Style.ERROR));
    }

    /** The session the shown conversation records to, or null (with a notice) before there is one. */
    private String session(String what) {
        AgentView a = c.vm.selected();
        String session = a != null && a.sessionId != null ? a.sessionId : c.vm.resumeSession;
        if (session == null)
            c.vm.notice("Nothing to " + what + " yet: send a prompt first (or /resume a session).", Style.WARN);
        return session;
    }

    /** {@code /compact}: summarises the older turns of this conversation's session (the task list is kept). */
    void compact() {
        String session = session("compact");
        if (session == null) return;
        c.calls.call(
                new CompactSession(space(), session),
                r -> c.vm.notice("Compacted: " + r.detail() + ".", Style.MUTED),
                why -> c.vm.notice("Could not compact " + session + ": " + why, Style.ERROR));
    }

    /** {@code /cost}: this session's tokens and USD by provider and model, its child agents included. */
    void cost() {
        String session = session("count");
        if (session == null) return;
        c.calls.call(
                new SessionCost(space(), session),
                r -> c.vm.notice(String.join("\n", CostLines.of(r)), Style.MUTED),
                why -> c.vm.notice("Could not count " + session + ": " + why, Style.ERROR));
    }

    /** {@code /undo [force]}: restores the files the last turn changed (refused over later edits unless force). */
    void undo(String arg) {
        if (!arg.isEmpty() && !arg.equals("force")) {
            c.vm.notice(
                    "'/undo " + TextWrap.sanitize(arg) + "': /undo takes nothing or 'force'. Nothing changed.",
                    Style.ERROR);
            return;
        }
        String session = session("undo");
        if (session == null) return;
        c.calls.call(
                new UndoTurn(space(), session, arg.equals("force")),
                r -> c.vm.notice(r.detail() + ".", Style.MUTED),
                why -> c.vm.notice("Could not undo: " + why, Style.ERROR));
    }

    /** {@code /diff}: what this session changed through write_file/edit_file, as a unified diff. */
    void diff() {
        String session = session("diff");
        if (session == null) return;
        c.calls.call(
                new DiffSession(space(), session),
                d -> c.vm.notice(
                        d.files().isEmpty()
                                ? "No file changes in this session."
                                : d.diff().stripTrailing(),
                        Style.MUTED),
                why -> c.vm.notice("Could not diff " + session + ": " + why, Style.ERROR));
    }
}
