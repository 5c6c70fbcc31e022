package dev.dispatch.tool;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.FleetOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;

/**
 * Reservations bind Dispatch's own agents as they bind Claude Code: before write_file or edit_file
 * changes a file, the same check the external agents' PreToolUse hook asks ({@code
 * FleetOps.ReservePath}) refuses the write, naming the holder, when another agent holds a lock on
 * the path; after the write, the edit is reported ({@code FleetOps.ReportEdits}) so an overlap with
 * another agent's changes (in-process or in a worktree) becomes a conflict before merge time, and the
 * agent is told which agents also changed the file. Paths go relative to the project root, as locks name
 * them. An agent outside the coordination registry, or an engine that cannot answer, is let through.
 */
public final class ReservationHook implements FileHook {
    private final CoordPort coord;

    public ReservationHook(CoordPort coord) {
        this.coord = coord;
    }

    @Override
    public Optional<String> refusal(ToolContext ctx, Path file) {
        Optional<CoordPort.Identity> who = coord.identity(ctx.agentId());
        if (who.isEmpty()) return Optional.empty();
        try {
            FleetOps.Reservation r = coord.submit(
                    new FleetOps.ReservePath(who.get().space(), who.get().name(), relative(ctx, file)));
            return r.allowed() ? Optional.empty() : Optional.of("write refused: " + r.reason());
        } catch (EngineException e) {
            return Optional.empty(); // locks cannot be known now: the write goes, as the external hook lets it
        }
    }

    @Override
    public Optional<Note> wrote(ToolContext ctx, Path file) {
        Optional<CoordPort.Identity> who = coord.identity(ctx.agentId());
        if (who.isEmpty()) return Optional.empty();
        FleetOps.EditedResult r;
        try {
            r = coord.submit(new FleetOps.ReportEdits(
                    who.get().space(), who.get().name(), ctx.projectRoot().toString(), relative(ctx, file)));
        } catch (EngineException e) {
            return Optional.empty();
        }
        if (r.conflicts().isEmpty()) return Optional.empty();
        StringBuilder text = new StringBuilder("note: other agents also change " + r.path() + ":");
        for (FleetOps.Conflict c : r.conflicts()) text.append("\n- ").append(c.detail());
        text.append("\nCoordinate with them ('send_message') before going on.");
        return Optional.of(
                new Note(text.toString(), Map.of("conflicts", r.conflicts().size())));
    }

    /** {@code file} relative to the project root after links are resolved as far as it exists. */
    static String relative(ToolContext ctx, Path file) {
        Path existing = file;
        ArrayDeque<Path> names = new ArrayDeque<>();
        while (existing != null && !Files.exists(existing)) {
            if (existing.getFileName() != null) names.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real = file;
        if (existing != null) {
            try {
                real = existing.toRealPath();
                while (!names.isEmpty()) real = real.resolve(names.pop());
            } catch (IOException e) {
                real = file;
            }
        }
        real = real.normalize();
        return real.startsWith(ctx.projectRoot())
                ? ctx.projectRoot().relativize(real).toString()
                : real.toString();
    }
}
