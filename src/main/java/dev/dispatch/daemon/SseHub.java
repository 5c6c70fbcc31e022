package dev.dispatch.daemon;

import dev.dispatch.protocol.AgentEvent;
import dev.dispatch.protocol.EngineEvent;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEntry;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.JournalReader;
import dev.dispatch.protocol.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Fans committed journal events out to SSE subscribers. One tailer reads the journal after the last
 * seq it published (woken by the engine's bus while anyone subscribes, and polling every
 * {@link #POLL_MS} ms, which also feeds the event counters of {@code /metrics}) and encodes each
 * event once; every stream gets it through its bounded queue. Live and replayed events both come from the
 * journal, so ids, order and payloads are identical either way (ARCHITECTURE.md §5).
 */
final class SseHub implements AutoCloseable {
    /** How a stream writes bytes to its connection (blocking; throws when the client is gone). */
    interface Output {
        void write(byte[] bytes) throws IOException;
    }

    private static final int BATCH = 512;
    private static final long POLL_MS = 50;

    private final JournalReader journal;
    private final Metrics metrics;
    private final DaemonLog log;
    private final int maxClients;
    private final int queueCapacity;
    private final long keepaliveMs;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final Subscription subscription;
    private final Thread tailer;
    private volatile long published;
    private volatile boolean closed;

    /** Publishes every journal event after seq {@code from} (the journal's newest when the owner started serving). */
    SseHub(
            Function<Consumer<Event>, Subscription> live,
            JournalReader journal,
            long from,
            Metrics metrics,
            DaemonLog log,
            ServerConfig.Limits limits) {
        this.journal = journal;
        this.metrics = metrics;
        this.log = log;
        this.maxClients = limits.maxSseClients();
        this.queueCapacity = limits.sseQueue();
        this.keepaliveMs = limits.keepalive().toMillis();
        this.published = from;
        this.subscription = live.apply(e -> {
            // with no stream to serve, the tailer's poll is soon enough for the event counters, and one
            // journal read per poll instead of one per commit was ~30 µs of CPU per claim → complete cycle
            switch (e) {
                case JournalEvent j -> {
                    if (!streams.isEmpty()) wake.release();
                }
                case AgentEvent a -> fanOutTransient(SseFrame.transientEvent(a), a.type());
                case EngineEvent x -> fanOutTransient(SseFrame.transientEvent(x), x.type());
            }
        });
        publishNew(); // counts what was committed since from (a hub built at the first connection): no stream yet
        this.tailer = Thread.ofPlatform().daemon().name("sse-tailer").start(this::tail);
        metrics.gauge("dispatch_sse_clients", "Connected SSE subscribers.", streams::size);
        metrics.gauge("dispatch_journal_seq", "Newest journal sequence published to streams.", () -> published);
    }

    /**
     * Serves one subscriber until it disconnects, is dropped, or the hub closes; it gets only what
     * {@code scope} lets its caller see. {@code since} ≥ 0 replays every matching event after it first (or a reset frame when it is past retention).
     * Returns false at once, writing nothing, when the hub is full or closed.
     */
    boolean serve(EventFilter filter, EventScope scope, long since, Output out, Runnable abort)
            throws IOException, InterruptedException {
        SseStream s = new SseStream(filter, scope, queueCapacity, () -> {
            metrics.sseDropped.increment();
            abort.run();
        });
        synchronized (streams) {
            if (closed || streams.size() >= maxClients) return false;
            streams.add(s); // 1) subscribe before reading the journal: nothing committed later is missed
        }
        try {
            out.write(": connected\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long last = since >= 0 ? replay(s, since, out) : -1; // 2) replay up to the newest seq
            while (!s.dropped()) { // 3) then live, skipping what the replay already sent
                SseFrame f = s.next(keepaliveMs);
                if (f == null) {
                    out.write(SseFrame.KEEPALIVE.bytes());
                    continue;
                }
                // the common case is one frame per wake-up: write its shared bytes as they are, and copy
                // into a batch only when more are queued (1,000 streams × one copy per event adds up)
                SseFrame single = null;
                ByteArrayOutputStream batch = null;
                boolean end = false;
                for (; f != null; f = s.poll()) {
                    if (SseStream.isEnd(f)) {
                        end = true;
                        break;
                    }
                    if (f.seq() > 0 && f.seq() <= last) continue;
                    if (f.seq() > 0) last = f.seq();
                    if (single == null && batch == null) {
                        single = f;
                        continue;
                    }
                    if (batch == null) {
                        batch = new ByteArrayOutputStream();
                        batch.writeBytes(single.bytes());
                        single = null;
                    }
                    batch.writeBytes(f.bytes());
                    if (batch.size() > 64 * 1024) break;
                }
                if (single != null) out.write(single.bytes());
                else if (batch != null) out.write(batch.toByteArray());
                if (end) return true;
            }
            return true;
        } finally {
            streams.remove(s);
        }
    }

    private long replay(SseStream s, long since, Output out) throws IOException {
        long last = since;
        long oldest = journal.oldest();
        if (oldest > since + 1) {
            out.write(SseFrame.reset(since, oldest).bytes());
            last = oldest - 1;
        }
        while (!s.dropped() && !closed) {
            List<JournalEntry> batch = journal.after(last, BATCH);
            if (batch.isEmpty()) return last;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (JournalEntry e : batch) {
                if (s.matches(e)) buf.writeBytes(SseFrame.of(e).bytes());
                last = e.seq();
            }
            if (buf.size() > 0) out.write(buf.toByteArray());
        }
        return last;
    }

    private void tail() {
        while (!closed) {
            try {
                wake.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                publishNew();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) log.error("sse_tail_failed", null, e);
            }
        }
    }

    private void publishNew() {
        while (!closed) {
            List<JournalEntry> batch = journal.after(published, BATCH);
            if (batch.isEmpty()) return;
            for (JournalEntry e : batch) {
                metrics.event(e.type(), e.space());
                SseFrame frame = null;
                for (SseStream s : streams) {
                    if (!s.matches(e)) continue;
                    if (frame == null) frame = SseFrame.of(e);
                    s.offer(frame);
                }
                published = e.seq();
            }
        }
    }

    private void fanOutTransient(SseFrame frame, String type) {
        for (SseStream s : streams) if (s.wantsTransient(type)) s.offer(frame);
    }

    int clients() {
        return streams.size();
    }

    /** Ends every stream after what it has queued and stops the tailer. */
    @Override
    public void close() {
        synchronized (streams) {
            closed = true;
        }
        subscription.close();
        for (SseStream s : streams) s.end();
        // no interrupt: an interrupted H2 read closes the store's file channel
        wake.release();
        try {
            tailer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
