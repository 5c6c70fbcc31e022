package dev.dispatch.tui;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionOps;
import java.io.PrintWriter;

/**
 * The session slash commands of {@code dispatch chat} ({@code /model}, {@code /compact}, {@code /cost}):
 * each one op to the engine, its answer as plain lines; a refusal prints the engine's message and
 * changes nothing. Kept apart from {@link LineChat} so the chat loop stays about input and output.
 */
final class LineSessionCommands {
    private final Engine engine;
    private final PrintWriter out;
    private final String cwd;

    LineSessionCommands(Engine engine, PrintWriter out, String cwd) {
        this.engine = engine;
        this.out = out;
        this.cwd = cwd;
    }

    /**
     * {@code /model NAME}: switches the running agent (its next call uses NAME with the whole
     * conversation), or, before the first message, validates NAME for the agent to come. Answers the
     * model new agents use from now on, unchanged when NAME was refused.
     */
    String model(String agentId, String current, String name) {
        if (name == null || name.isBlank()) {
            out.println("Model: " + (current == null ? "the configured default" : current) + ". /model NAME switches.");
            return current;
        }
        String want = name.strip();
        try {
            if (agentId != null) {
                var r = engine.submit(new SessionOps.SwitchModel(agentId, want, null));
                out.println("Switched to " + r.model() + " (" + r.provider() + ") from " + r.previousModel()
                        + ": the next message goes to it with the whole conversation.");
            } else {
                var r = engine.submit(new ModelOps.ResolveModel(cwd, null, want));
                out.println("New agents use model " + want + (r.model() == null ? " (no usable key yet)" : "") + ".");
            }
            return want;
        } catch (EngineException e) {
            out.println("dispatch: " + e.getMessage());
            return current;
        }
    }

    /** {@code /compact}: summarises the older turns of this chat's session. */
    void compact(String sessionId) {
        if (sessionId == null) {
            out.println("Nothing to compact yet: send a message first.");
            return;
        }
        try {
            var r = engine.submit(new SessionBrowseOps.CompactSession(space(), sessionId));
            out.println("Compacted: " + r.detail() + ".");
        } catch (EngineException e) {
            out.println("dispatch: " + e.getMessage());
        }
    }

    /** {@code /cost}: this session's tokens and USD by provider and model. */
    void cost(String sessionId) {
        if (sessionId == null) {
            out.println("No session yet: nothing spent.");
            return;
        }
        try {
            CostLines.of(engine.submit(new SessionBrowseOps.SessionCost(space(), sessionId)))
                    .forEach(out::println);
        } catch (EngineException e) {
            out.println("dispatch: " + e.getMessage());
        }
    }

    /** {@code /undo [force]}: restores the files the last turn changed. */
    void undo(String sessionId, boolean force) {
        if (sessionId == null) {
            out.println("Nothing to undo yet.");
            return;
        }
        try {
            out.println(engine.submit(new SessionBrowseOps.UndoTurn(space(), sessionId, force))
                            .detail() + ".");
        } catch (EngineException e) {
            out.println("dispatch: " + e.getMessage());
        }
    }

    /** {@code /diff}: what this session changed, as a unified diff. */
    void diff(String sessionId) {
        if (sessionId == null) {
            out.println("No changes yet.");
            return;
        }
        try {
            var d = engine.submit(new SessionBrowseOps.DiffSession(space(), sessionId));
            out.print(d.files().isEmpty() ? "No file changes in this session.\n" : d.diff());
        } catch (EngineException e) {
            out.println("dispatch: " + e.getMessage());
        }
    }

    private String space() {
        java.nio.file.Path dir = java.nio.file.Path.of(cwd).getFileName();
        return dir == null ? "default" : dir.toString();
    }
}
