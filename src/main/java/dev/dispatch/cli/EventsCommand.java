package dev.dispatch.cli;

import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.JournalPayload;
import dev.dispatch.protocol.Subscription;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch events}: the journal of a space in commit order. {@code --since SEQ} resumes after a
 * sequence number (a {@code reset} event says when that is past retention); {@code --follow} keeps
 * printing new events as they commit.
 */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Print journal events (every change, in commit order); --follow to keep watching.")
public final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonMixin json;

    @Mixin
    SpaceMixin space;

    @Option(
            names = "--since",
            paramLabel = "SEQ",
            description = "Only events after this sequence number (default: all;" + " with --follow: only new ones).")
    Long since;

    @Option(names = "--type", paramLabel = "T", description = "Only this event type, e.g. TaskCompleted (repeatable).")
    List<String> types;

    @Option(names = "--follow", description = "Keep printing events as they commit (Ctrl-C stops).")
    boolean follow;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Stop after N events (default: 1000; unlimited with --follow).")
    Integer limit;

    @Override
    public Integer call() throws InterruptedException {
        if (since != null && since < 0)
            throw new CliException(ExitCode.USAGE, "--since " + since + " is negative; use 0 for all");
        if (limit != null && limit < 1)
            throw new CliException(ExitCode.USAGE, "--limit " + limit + " must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        if (!follow) {
            var r = CoordCalls.submit(
                    spec, new CoordOps.ReadEvents(since == null ? 0 : since, space.resolve(), types, limit));
            r.events().forEach(e -> print(out, e));
            return 0;
        }
        // follow: one engine for the whole watch; the subscription replays, then continues live
        try (Engine engine = EngineAccess.oneShot(spec)) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            EventFilter filter = new EventFilter(
                    since == null ? -1 : since, space.resolve(), types == null ? Set.of() : Set.copyOf(types), null);
            try (Subscription sub = engine.subscribe(filter, e -> {
                if (done.getCount() == 0) return;
                synchronized (out) {
                    print(out, e);
                }
                if (limit != null && seen.incrementAndGet() >= limit) done.countDown();
            })) {
                done.await();
            }
        }
        return 0;
    }

    private void print(PrintWriter out, Event e) {
        if (json.enabled()) {
            out.println(CoordCalls.toJson(e));
        } else if (e instanceof JournalEvent j) {
            out.println(j.seq() + "  " + Table.cell(j.at()) + "  " + j.type() + "  "
                    + (j.agent() == null ? "-" : j.agent()) + "  "
                    + (j.payload() instanceof JournalPayload.Notice n ? n.summary() : CoordCalls.toJson(j.payload())));
        } else {
            out.println(e.type());
        }
        out.flush();
    }
}
