package dev.dispatch.daemon;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An SSE subscriber over loopback HTTP for tests: collects frames (and comments) on its own thread. */
final class SseProbe implements AutoCloseable {
    record Frame(String id, String event, String data) {}

    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    final int status;
    private final InputStream body;

    private SseProbe(int status, InputStream body) {
        this.status = status;
        this.body = body;
        Thread.ofVirtual().start(this::read);
    }

    static SseProbe open(TestDaemon d, String query, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.base() + "/v1/events" + query))
                .header("Authorization", "Bearer " + d.token());
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<InputStream> r =
                HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseProbe(r.statusCode(), r.body());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null, event = null;
            StringBuilder data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (event != null || data != null)
                        frames.add(new Frame(id, event, data == null ? "" : data.toString()));
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null
                            ? new StringBuilder(line.substring(6))
                            : data.append('\n').append(line.substring(6));
                }
            }
        } catch (Exception e) {
            // closed by the test or the daemon: the frames so far are what the test checks
        }
        frames.add(new Frame(null, "<closed>", ""));
    }

    /** The next {@code n} frames, failing after {@code seconds} without them. */
    List<Frame> take(int n, int seconds) throws InterruptedException {
        List<Frame> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (out.size() < n) {
            Frame f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) throw new AssertionError("got " + out.size() + " of " + n + " frames: " + out);
            if ("<closed>".equals(f.event()))
                throw new AssertionError("stream closed after " + out.size() + " of " + n);
            out.add(f);
        }
        return out;
    }

    static List<Long> ids(List<Frame> frames) {
        return frames.stream().map(f -> Long.parseLong(f.id())).toList();
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
