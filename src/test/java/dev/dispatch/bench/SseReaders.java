package dev.dispatch.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The SSE bench's client side: N event streams on the daemon's Unix socket, all read by one thread
 * through one selector, so that 1,000 subscribers cost the client a few reads per event instead of
 * 1,000 thread wake-ups competing with the daemon for the same 2 cores. It records, per stream, when
 * each {@code id:} line arrived. The HTTP head and chunk-size lines are lines too, and are ignored: the
 * daemon writes whole frames per chunk, so an {@code id:} line is never split by a chunk header.
 */
final class SseReaders implements AutoCloseable {
    /** One stream: its channel, the partial line carried across reads, and what arrived when. */
    private static final class Stream {
        final SocketChannel channel;
        final StringBuilder line = new StringBuilder(64);
        final Map<Long, Long> arrivals = new HashMap<>();

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final Selector selector;
    private final List<Stream> streams = new ArrayList<>();
    private final CountDownLatch connected;
    private final CountDownLatch done;
    private final int events;
    private final Thread reader;
    private volatile boolean closed;

    /** Opens {@code n} streams; {@link #connected()} opens when each has its ": connected" comment. */
    SseReaders(Path socket, String token, int n, int events) throws IOException {
        this.selector = Selector.open();
        this.connected = new CountDownLatch(n);
        this.done = new CountDownLatch(n);
        this.events = events;
        byte[] request = ("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer req = ByteBuffer.wrap(request);
            while (req.hasRemaining()) ch.write(req);
            ch.configureBlocking(false);
            Stream s = new Stream(ch);
            streams.add(s);
            ch.register(selector, SelectionKey.OP_READ, s);
        }
        this.reader = Thread.ofPlatform().name("sse-readers").daemon().start(this::loop);
    }

    CountDownLatch connected() {
        return connected;
    }

    /** Opens once every stream has seen {@code events} ids. */
    CountDownLatch done() {
        return done;
    }

    /** Per stream: journal seq → System.nanoTime() at arrival. Read after {@link #close()}. */
    List<Map<Long, Long>> arrivals() {
        return streams.stream().map(s -> s.arrivals).toList();
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!closed) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    Stream s = (Stream) key.attachment();
                    long now = System.nanoTime();
                    int read;
                    while ((read = s.channel.read(buf.clear())) > 0) {
                        buf.flip();
                        while (buf.hasRemaining()) accept(s, (char) (buf.get() & 0xff), now);
                    }
                    if (read < 0) key.cancel();
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) throw new IllegalStateException("SSE bench reader failed", e);
        }
    }

    /** Collects one byte (ids and comments are ASCII); a complete line is looked at. */
    private void accept(Stream s, char c, long now) {
        if (c != '\n') {
            if (c != '\r') s.line.append(c);
            return;
        }
        if (s.line.length() > 4 && s.line.charAt(0) == 'i' && s.line.indexOf("id: ") == 0) {
            s.arrivals.put(Long.parseLong(s.line, 4, s.line.length(), 10), now);
            if (s.arrivals.size() == events) done.countDown();
        } else if (s.line.indexOf(": connected") == 0) {
            connected.countDown();
        }
        s.line.setLength(0);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        selector.wakeup();
        reader.join(10_000);
        for (Stream s : streams) s.channel.close();
        selector.close();
    }
}
