package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.RemoteEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/**
 * Many requests at once, each on its own virtual thread in the daemon: request and response bodies
 * now go through buffers the daemon shares between requests (a pool, not one set per thread), so
 * every answer must still be exactly its own request's, and every acknowledged write stored once.
 */
class ConcurrentRequestsTest {
    @Test
    void everyConcurrentRequestGetsItsOwnAnswer() throws Exception {
        try (TestDaemon d = new TestDaemon()) {
            int threads = 16;
            int each = 40;
            ConcurrentMap<String, String> textById = new ConcurrentHashMap<>();
            List<Throwable> failures = new ArrayList<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    try (RemoteEngine r = d.remote(me % 2 == 0 ? "tok-alice" : "tok-bob")) {
                        String agent = me % 2 == 0 ? "agt_alice" : "agt_bob";
                        for (int i = 0; i < each; i++) {
                            // texts of different lengths, so a reused buffer with stale bytes would show
                            String text = "t" + me + "-" + i + "-" + "x".repeat((me * 37 + i * 11) % 300);
                            NoteOps.Added added = r.submit(new NoteOps.Add("s", agent, text));
                            textById.put(added.id(), text);
                            assertThat(r.submit(new NoteOps.Get(added.id())).text())
                                    .isEqualTo(text);
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Thread t : ts) t.join();
            assertThat(failures).isEmpty();
            assertThat(textById).hasSize(threads * each);
            for (NoteOps.Note n :
                    d.engine.list(new NoteOps.ListNotes(null, null)).notes()) {
                assertThat(n.text()).isEqualTo(textById.get(n.id()));
            }
            assertThat(d.engine.list(new NoteOps.ListNotes(null, null)).notes()).hasSize(threads * each);
        }
    }
}
