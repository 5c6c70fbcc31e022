package dev.dispatch.protocol;

import java.util.List;

/**
 * Ops the workbench (TUI) asks to draw its header and tasks panel. Engines that cannot answer yet
 * reply with an {@link EngineException}; faces then show "unknown" rather than failing.
 */
public final class WorkbenchOps {
    private WorkbenchOps() {}

    /** What the header shows about this engine and space. */
    public record DescribeWorkbench(String cwd) implements Op<WorkbenchInfo> {}

    /**
     * @param space the space the cwd maps to (git root's directory name, else the cwd's name)
     * @param provider the default provider, or null when none is configured
     * @param model the default model, or null when none is configured
     * @param sandbox e.g. "bubblewrap" or "unsandboxed"
     * @param keys e.g. "2 keys ok", "no key configured", "key 'work' cooling down"
     */
    public record WorkbenchInfo(String space, String provider, String model, String sandbox, String keys) {}

    /** The coordination tasks of a space, and those held by one agent (null: none selected). */
    public record ListTaskBoard(String space, String agentId) implements Op<TaskBoard> {}

    public record TaskBoard(List<TaskLine> space, List<TaskLine> agent) {}

    /** One task as a panel line: {@code state} is the coord state name (ready, claimed, done, dead…). */
    public record TaskLine(String taskId, String title, String state, String holder) {}
}
