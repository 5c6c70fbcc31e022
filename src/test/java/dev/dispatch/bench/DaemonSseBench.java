package dev.dispatch.bench;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.DaemonJvm;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.DaemonOps;
import dev.dispatch.protocol.Routes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SSE fan-out (issue 4): N subscribers on a real daemon process's Unix socket (read by one selector
 * thread, {@link SseReaders}, so the client side costs little next to the daemon), a writer committing
 * events over HTTP at a steady rate; latency per delivery = receipt − the moment the write was sent
 * (an upper bound on commit → delivery), after a warm-up of a tenth of the events. Baseline: the same
 * run with one subscriber. Also reports the daemon's RSS. Usage: DaemonSseBench MAIN_CLASS WRITE_OP_FACTORY SUBSCRIBERS EVENTS RATE_PER_S
 */
public final class DaemonSseBench {
    private DaemonSseBench() {}

    /** Latencies in ms: from the write being sent (upper bound) and from its acknowledgement (after commit). */
    record Result(
            int subscribers,
            double p50,
            double p99,
            double max,
            double ackP50,
            double ackP99,
            long missing,
            long rssKb,
            double daemonCpuMsPerEvent) {}

    /** How the bench writes one event: submits write number i and returns its journal seq. */
    public interface Writes {
        Routes routes();

        long write(RemoteEngine engine, int i);
    }

    public static void main(String[] args) throws Exception {
        String daemonMain = args[0];
        Writes writes = (Writes) Class.forName(args[1]).getDeclaredConstructor().newInstance();
        int subscribers = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        Path home = Files.createTempDirectory(Path.of("/tmp"), "bs-");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Process daemon = Daemons.start(daemonMain, home, dirs);
        try {
            String token = Files.readString(dirs.operatorToken()).strip();
            Result one = phase(dirs, token, writes, 1, events, rate, daemon.pid(), 0);
            Result many = phase(dirs, token, writes, subscribers, events, rate, daemon.pid(), events);
            print(one);
            print(many);
            System.out.printf(
                    "ratio p99 %d subscribers / 1 subscriber: %.2fx; daemon RSS %d MiB with %d streams%n",
                    subscribers, many.p99 / Math.max(0.001, one.p99), many.rssKb / 1024, subscribers);
            try (RemoteEngine r = new RemoteEngine(new UnixHttp(dirs.socket()), token, writes.routes(), null)) {
                r.submit(new DaemonOps.Stop());
            }
            daemon.waitFor(30, TimeUnit.SECONDS);
        } finally {
            daemon.destroyForcibly();
        }
    }

    private static void print(Result r) {
        System.out.printf(
                "subscribers %4d: send→delivery p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms | ack→delivery p50 %6.1f"
                        + " ms  p99 %6.1f ms | missing %d  daemon RSS %d MiB, daemon CPU %.2f ms/event%n",
                r.subscribers,
                r.p50,
                r.p99,
                r.max,
                r.ackP50,
                r.ackP99,
                r.missing,
                r.rssKb / 1024,
                r.daemonCpuMsPerEvent);
    }

    private static Result phase(
            Dirs dirs, String token, Writes writes, int n, int events, int rate, long pid, int offset)
            throws Exception {
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        Map<Long, Long> ackAt = new ConcurrentHashMap<>();
        SseReaders readers = new SseReaders(dirs.socket(), token, n, events);
        CountDownLatch connected = readers.connected();
        if (!connected.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("subscribers did not connect");
        long gap = 1_000_000_000L / rate;
        int warmup = events / 10; // the first tenth warms the JIT and the streams; it is not measured
        long cpu0 = DaemonHttpBench.cpuNanos(ProcessHandle.of(pid).orElseThrow());
        try (RemoteEngine w = new RemoteEngine(new UnixHttp(dirs.socket()), token, writes.routes(), null)) {
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long t0 = System.nanoTime();
                long seq = writes.write(w, offset + i);
                if (i >= warmup) {
                    ackAt.put(seq, System.nanoTime());
                    sentAt.put(seq, t0);
                }
                next += gap;
                long sleep = next - System.nanoTime();
                if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        readers.done().await(60, TimeUnit.SECONDS);
        double cpuMsPerEvent = (DaemonHttpBench.cpuNanos(ProcessHandle.of(pid).orElseThrow()) - cpu0) / 1e6 / events;
        long rss = rssKb(pid);
        readers.close();
        List<Double> lat = new ArrayList<>();
        List<Double> fromAck = new ArrayList<>();
        long missing = 0;
        for (Map<Long, Long> mine : readers.arrivals()) {
            for (var e : sentAt.entrySet()) {
                Long at = mine.get(e.getKey());
                if (at == null) {
                    missing++;
                } else {
                    lat.add((at - e.getValue()) / 1e6);
                    fromAck.add(Math.max(0, at - ackAt.get(e.getKey())) / 1e6); // delivery may beat the ack
                }
            }
        }
        double[] sorted = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] acked =
                fromAck.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(
                n,
                pct(sorted, 0.50),
                pct(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                pct(acked, 0.50),
                pct(acked, 0.99),
                missing,
                rss,
                cpuMsPerEvent);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    /** Starting a daemon process and waiting for health, shared by the daemon benches. */
    static final class Daemons {
        private Daemons() {}

        /** Starts {@code mainClass}: {@code dev.dispatch.Main} runs {@code daemon run LISTEN…}, others get the home. */
        static Process start(String mainClass, Path home, Dirs dirs, String... listen) throws Exception {
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(DaemonJvm.options(System.getenv())); // what 'daemon start' gives the daemon
            String opts = System.getenv("DAEMON_JAVA_OPTS"); // extra flags, e.g. a JFR recording of the daemon
            if (opts != null && !opts.isBlank())
                cmd.addAll(Arrays.asList(opts.strip().split("\\s+")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
            if (mainClass.equals("dev.dispatch.Main")) {
                cmd.addAll(Arrays.asList("daemon", "run"));
                cmd.addAll(listen.length == 0 ? List.of("--no-port") : Arrays.asList(listen));
            } else {
                cmd.add(home.toString());
            }
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("daemon.log").toFile());
            pb.environment().put("DISPATCH_HOME", home.toString());
            Process p = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                DaemonInfo info = DaemonInfo.read(dirs.runtime());
                if (info != null && info.pid() == p.pid()) return p;
                if (!p.isAlive()) throw new IllegalStateException("daemon exited: see " + home.resolve("daemon.log"));
                Thread.sleep(50);
            }
            throw new IllegalStateException("daemon did not start");
        }
    }
}
