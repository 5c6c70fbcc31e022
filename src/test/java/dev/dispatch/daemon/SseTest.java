package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.protocol.JournalEvent;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SSE: ids are journal seqs; resume gives exactly the missed events in order; slow consumers are dropped. */
class SseTest {
    private static long add(TestDaemon d, String space, String agent) {
        return d.engine.submit(new NoteOps.Add(space, agent, "n")).seq();
    }

    @Test
    void resumeAfterDisconnectGivesExactlyTheMissedEventsInOrder() throws Exception {
        try (TestDaemon d = new TestDaemon()) {
            for (int i = 0; i < 10; i++) add(d, "s", "agt_a");
            long last;
            try (SseProbe first = SseProbe.open(d, "", "0")) {
                List<SseProbe.Frame> got = first.take(10, 30);
                assertThat(SseProbe.ids(got)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
                assertThat(got.get(0).event()).isEqualTo("NoteAdded");
                assertThat(got.get(0).data())
                        .contains("\"seq\":1")
                        .contains("\"space\":\"s\"")
                        .contains("\"data\":{");
                last = 10;
            }
            // 500 acknowledged writes from 16 concurrent HTTP clients while nobody listens
            List<Long> acked = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    try (RemoteEngine r = d.remote()) {
                        for (int i = client; i < 500; i += 16)
                            acked.add(r.submit(new NoteOps.Add("s", "agt_a", "w" + i))
                                    .seq());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(acked).hasSize(500);
            try (SseProbe resumed = SseProbe.open(d, "", String.valueOf(last))) {
                List<Long> ids = SseProbe.ids(resumed.take(500, 60));
                assertThat(ids).isEqualTo(acked.stream().sorted().toList());
                long next = add(d, "s", "agt_a"); // then live, with nothing repeated
                assertThat(SseProbe.ids(resumed.take(1, 30))).containsExactly(next);
            }
        }
    }

    @Test
    void switchFromReplayToLiveHasNoGapOrDuplicateUnderConcurrentWrites() throws Exception {
        try (TestDaemon d = new TestDaemon()) {
            for (int i = 0; i < 200; i++) add(d, "s", "agt_a");
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) add(d, "s", "agt_a");
            });
            try (SseProbe p = SseProbe.open(d, "?since=50", null)) {
                List<Long> ids = SseProbe.ids(p.take(450, 120));
                writer.join();
                List<Long> expected = new ArrayList<>();
                for (long s = 51; s <= 500; s++) expected.add(s);
                assertThat(ids).isEqualTo(expected);
            }
        }
    }

    @Test
    void filtersBySpaceTypeAndAgent() throws Exception {
        try (TestDaemon d = new TestDaemon();
                SseProbe bySpace = SseProbe.open(d, "?space=b&since=0", null);
                SseProbe byAgent = SseProbe.open(d, "?agent=agt_x&type=NoteAdded", null);
                SseProbe byType = SseProbe.open(d, "?type=Other&since=0", null)) {
            assertThat(bySpace.status).isEqualTo(200);
            add(d, "a", "agt_x");
            long b1 = add(d, "b", "agt_y");
            long b2 = add(d, "b", "agt_x");
            assertThat(SseProbe.ids(bySpace.take(2, 30))).containsExactly(b1, b2);
            assertThat(SseProbe.ids(byAgent.take(2, 30))).containsExactly(1L, b2);
            assertThat(byType.frames.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void anIdPastRetentionGetsAnExplicitReset() throws Exception {
        try (TestDaemon d = new TestDaemon()) {
            for (int i = 0; i < 5; i++) add(d, "s", "agt_a");
            d.engine.pruneThrough(3);
            try (SseProbe p = SseProbe.open(d, "", "1")) {
                List<SseProbe.Frame> got = p.take(3, 30);
                assertThat(got.get(0).event()).isEqualTo("reset");
                assertThat(got.get(0).id()).isNull();
                assertThat(got.get(0).data()).contains("\"requestedSince\":1").contains("\"oldest\":4");
                assertThat(SseProbe.ids(got.subList(1, 3))).containsExactly(4L, 5L);
            }
            try (SseProbe p = SseProbe.open(d, "", "3")) { // exactly at the edge: nothing missed, no reset
                assertThat(SseProbe.ids(p.take(2, 30))).containsExactly(4L, 5L);
            }
        }
    }

    @Test
    void idleStreamsGetKeepaliveComments() throws Exception {
        try (TestDaemon d = new TestDaemon(ServerConfig.Limits.defaults().withKeepalive(Duration.ofMillis(100)));
                SseProbe p = SseProbe.open(d, "", null)) {
            assertThat(p.comments.poll(30, TimeUnit.SECONDS)).isEqualTo(": connected");
            assertThat(p.comments.poll(30, TimeUnit.SECONDS)).isEqualTo(": keepalive");
        }
    }

    @Test
    void aSlowConsumerIsDroppedWhileOthersContinue() throws Exception {
        // 256 frames of slack: with 64 the fast reader itself was dropped on a loaded 2-core machine (2 of 3
        // runs at load ~8). The slow reader still overflows: 12 MB written, far more than its socket
        // buffers (a few MB on loopback) plus 256 queued frames can hold.
        try (TestDaemon d = new TestDaemon(ServerConfig.Limits.defaults().withSseQueue(256));
                Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", d.port()));
            slow.getOutputStream()
                    .write(("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + d.token()
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            try (SseProbe fast = SseProbe.open(d, "", null)) {
                waitFor(() -> d.metricsText().contains("dispatch_sse_clients 2"));
                String text = "x".repeat(4000);
                int n = 3000;
                List<Long> written = new ArrayList<>();
                for (int i = 0; i < n; i++)
                    written.add(
                            d.engine.submit(new NoteOps.Add("s", "agt_a", text)).seq());
                assertThat(SseProbe.ids(fast.take(n, 120))).isEqualTo(written);
                waitFor(() -> d.metricsText().contains("dispatch_sse_dropped_total 1"));
                waitFor(() -> d.metricsText().contains("dispatch_sse_clients 1"));
                long after = add(d, "s", "agt_a"); // the survivor keeps going
                assertThat(SseProbe.ids(fast.take(1, 30))).containsExactly(after);
            }
        }
    }

    @Test
    void theRemoteEngineSubscriptionDeliversJournalEvents() throws Exception {
        try (TestDaemon d = new TestDaemon();
                RemoteEngine r = d.remote()) {
            add(d, "s", "agt_a");
            var got = new java.util.concurrent.LinkedBlockingQueue<dev.dispatch.protocol.Event>();
            try (var sub =
                    r.subscribe(new dev.dispatch.protocol.EventFilter(0, "s", java.util.Set.of(), null), got::add)) {
                JournalEvent first = (JournalEvent) got.poll(30, TimeUnit.SECONDS);
                assertThat(first).isNotNull();
                assertThat(first.seq()).isEqualTo(1);
                assertThat(first.type()).isEqualTo("NoteAdded");
                assertThat(first.agent()).isEqualTo("agt_a");
                assertThat(first.space()).isEqualTo("s");
                // NoteAdded is no journal type of this version: it comes as it was written
                assertThat(((JournalEvent.Unknown) first.payload())
                                .data()
                                .get("text")
                                .asText())
                        .isEqualTo("n");
                long second = add(d, "s", "agt_b");
                assertThat(((JournalEvent) got.poll(30, TimeUnit.SECONDS)).seq())
                        .isEqualTo(second);
            }
        }
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 60 s");
            Thread.sleep(20);
        }
    }
}
