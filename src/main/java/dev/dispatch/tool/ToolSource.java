package dev.dispatch.tool;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tools that are not classes of Dispatch but come from outside, per project: the tools of the MCP
 * servers a project's config names. The registry offers their specs beside its own and hands it the
 * calls it does not know itself; the source asks the permission gate and turns every failure into an
 * error result, as a {@link Tool} would.
 */
public interface ToolSource {
    /** The tools offered to an agent working in {@code projectRoot} (may start servers; bounded by their timeouts). */
    List<ToolSpec> specs(Path projectRoot);

    /** Runs {@code name}, or empty when this source has no tool of that name for the project. */
    Optional<ToolResult> call(String name, String argumentsJson, ToolContext ctx) throws InterruptedException;
}
