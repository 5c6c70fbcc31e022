package dev.dispatch.cli;

import dev.dispatch.protocol.FleetOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dispatch conflicts}: files two agents change at once, found before merge time. */
@Command(
        name = "conflicts",
        mixinStandardHelpOptions = true,
        description = {
            "Paths two external agents' worktrees both change against their bases, and paths an agent changes",
            "while another holds a lock on them. Exit 4 when there are any."
        })
public final class ConflictsCommand implements Callable<Integer> {
    @Mixin
    SpaceMixin space;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FleetOps.ConflictList l = CoordCalls.submit(spec, new FleetOps.ListConflicts(space.resolve()));
        CoordCalls.print(spec, json, l, x -> ExternalText.conflicts(x, CoordCalls.out(spec)));
        return l.conflicts().isEmpty() ? ExitCode.OK.code() : ExitCode.CONFLICT.code();
    }
}
