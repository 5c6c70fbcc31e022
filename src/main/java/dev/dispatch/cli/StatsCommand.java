package dev.dispatch.cli;

import dev.dispatch.protocol.CoordOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dispatch stats}: queue depth per queue and state, in flight, dead, wait/run times, agents by liveness. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Queue depth, in-flight and dead tasks, wait and run times, agent liveness.")
public final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonMixin json;

    @Mixin
    SpaceMixin space;

    @Override
    public Integer call() {
        CoordCalls.run(
                spec,
                json,
                new CoordOps.ShowQueueStats(space.resolve()),
                s -> CoordText.stats(s, CoordCalls.out(spec)));
        return 0;
    }
}
