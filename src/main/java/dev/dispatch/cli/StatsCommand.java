package dev.dispatch.cli;

import dev.dispatch.protocol.CoordOps;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dispatch stats}: queue depth per queue and state, in flight, dead, wait/run times, agents by liveness. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Queue depth, in-flight and dead tasks, wait and run times, agent liveness.")
public final class StatsCommand implements Callable<Integer> {
    private static final List<String> STATES = List.of("pending", "ready", "claimed", "waiting", "done", "dead", "cancelled");

    @Spec CommandSpec spec;
    @Mixin JsonMixin json;
    @Mixin SpaceMixin space;

    @Override
    public Integer call() {
        CoordCalls.run(spec, json, new CoordOps.StatsParams(space.resolve()), s -> {
            PrintWriter out = CoordCalls.out(spec);
            String[] header = new String[STATES.size() + 1];
            header[0] = "QUEUE";
            for (int i = 0; i < STATES.size(); i++) header[i + 1] = STATES.get(i).toUpperCase(java.util.Locale.ROOT);
            Table t = new Table(header);
            for (Map.Entry<String, Map<String, Long>> q : s.queues().entrySet()) {
                Object[] row = new Object[STATES.size() + 1];
                row[0] = q.getKey();
                for (int i = 0; i < STATES.size(); i++) row[i + 1] = q.getValue().getOrDefault(STATES.get(i), 0L);
                t.row(row);
            }
            t.print(out);
            out.println();
            Table.fields(out, "space", s.space(), "in flight", String.valueOf(s.inFlight()), "dead", String.valueOf(s.dead()),
                    "avg wait", millis(s.averageWaitMillis()), "avg run", millis(s.averageRunMillis()),
                    "agents", s.agents().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList().toString());
        });
        return 0;
    }

    private static String millis(Double ms) {
        return ms == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f ms", ms);
    }
}
