package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process engine answers coord ops and its subscriptions replay the journal, then go live. */
class LocalEngineEventsTest {
    @TempDir
    Path dir;

    @Test
    void opsAreRoutedAndSubscribersReplayThenFollow() throws Exception {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", dir.toString()));
        try (Engine engine = Engines.local(dirs)) {
            engine.submit(new AgentOps.RegisterAgent("s", "w", List.of(), null, null, null, null));
            String id = engine.submit(
                            new TaskOps.AddTask("s", "t", null, null, null, null, null, null, null, null, null))
                    .task()
                    .id();
            List<Event> got = new CopyOnWriteArrayList<>();
            try (Subscription sub = engine.subscribe(new EventFilter(0, "s", Set.of(), null), got::add)) {
                var claim = engine.submit(new TaskOps.ClaimNextTask("s", "w", null));
                engine.submit(new TaskOps.CompleteTask("s", id, claim.lease(), null));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (got.size() < 4 && System.nanoTime() < deadline) Thread.sleep(20);
            }
            assertThat(got)
                    .extracting(Event::type)
                    .containsExactly("AgentRegistered", "TaskAdded", "TaskClaimed", "TaskCompleted");
            assertThat(got).allSatisfy(e -> assertThat(e).isInstanceOf(JournalEvent.class));
            assertThat(got.get(3).seq()).isEqualTo(4);
        }
    }
}
