package dev.dispatch.bench;

import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.tool.Param;
import dev.dispatch.tool.Tool;
import dev.dispatch.tool.ToolContext;
import dev.dispatch.tool.ToolResult;
import java.util.Map;

/**
 * A tool used only by {@link AgentTurnBench}: it asks to read a path the way the file tools do
 * ({@code ctx.require} through the agent's real gate), then does a trivial piece of "own work", and
 * stamps {@link System#nanoTime()} at entry, after the permission answer and after its own work, so
 * the bench can subtract exactly the tool's own time from each call the real loop dispatches.
 * Calls run one at a time on the agent's thread; the stamps are read after the agent finished.
 */
public final class ProbeTool implements Tool<ProbeTool.Params> {
    public record Params(
            @Param("path to look at, relative to the project root") String path,
            @Param(value = "free text echoed back", presence = Param.Presence.OPTIONAL) String note,
            @Param(value = "how many times to repeat the note", presence = Param.Presence.OPTIONAL) Integer repeat) {}

    final long[] entered;
    final long[] allowed;
    final long[] done;
    private int calls;

    ProbeTool(int capacity) {
        entered = new long[capacity];
        allowed = new long[capacity];
        done = new long[capacity];
    }

    @Override
    public String name() {
        return "bench_probe";
    }

    @Override
    public String description() {
        return "Benchmark probe: looks at a path inside the project.";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        int i = calls++;
        entered[i] = System.nanoTime();
        ctx.require(PermissionRequest.read(ctx.projectRoot().resolve(p.path()), "look at " + p.path()));
        allowed[i] = System.nanoTime();
        // the tool's own work: a result of a few dozen bytes
        String text = "looked at " + p.path()
                + (p.note() == null ? "" : ": " + p.note().repeat(p.repeat() == null ? 1 : p.repeat()));
        ToolResult result = ToolResult.ok(text, Map.of("path", p.path()));
        done[i] = System.nanoTime();
        return result;
    }

    int calls() {
        return calls;
    }

    /** Forgets the calls so far (after a warm-up); only while no call is running. */
    void reset() {
        calls = 0;
    }

    /** The tool's own work in call {@code i}, excluding the permission check. */
    long ownNs(int i) {
        return done[i] - allowed[i];
    }
}
