package dev.dispatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a process's CPU went between two moments, by thread name (Linux {@code /proc/PID/task}), so a
 * bench can say which part of the daemon (store writer, request handlers on virtual-thread carriers,
 * Jetty's selectors, GC, JIT, file rewrites) costs what per operation. Digits are dropped from names so
 * a pool's threads add up to one row; threads that ended between the snapshots are one row too.
 */
final class ThreadCpu {
    /** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<Long, Long> ticks;
    private final Map<Long, Long> sysTicks;
    private final Map<Long, String> names;
    private final long totalNanos;

    private ThreadCpu(Map<Long, Long> ticks, Map<Long, Long> sysTicks, Map<Long, String> names, long totalNanos) {
        this.ticks = ticks;
        this.sysTicks = sysTicks;
        this.names = names;
        this.totalNanos = totalNanos;
    }

    static ThreadCpu of(ProcessHandle p) {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, Long> sysTicks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        long total = DaemonHttpBench.cpuNanos(p);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + p.pid() + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    // the name sits in parentheses and may hold spaces: fields are counted after the last ')'
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    long tid = Long.parseLong(t.getFileName().toString());
                    ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12])); // utime + stime
                    sysTicks.put(tid, Long.parseLong(f[12]));
                    names.put(tid, name);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we listed it: its time shows up as "(ended threads)"
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + p.pid() + "/task (Linux only)", e);
        }
        return new ThreadCpu(ticks, sysTicks, names, total);
    }

    /** µs of CPU per operation by thread group since {@code before}, largest first. */
    Map<String, Double> since(ThreadCpu before, long operations) {
        return since(before, operations, ticks, before.ticks);
    }

    /** As {@link #since} counting only the time spent in the kernel (system calls, page faults). */
    Map<String, Double> sysSince(ThreadCpu before, long operations) {
        return since(before, operations, sysTicks, before.sysTicks);
    }

    private Map<String, Double> since(ThreadCpu before, long operations, Map<Long, Long> now, Map<Long, Long> then) {
        Map<String, Long> byGroup = new TreeMap<>();
        long accounted = 0;
        for (var e : now.entrySet()) {
            long t = e.getValue() - then.getOrDefault(e.getKey(), 0L);
            if (t <= 0) continue;
            byGroup.merge(names.get(e.getKey()).replaceAll("[0-9]+", "N"), t, Long::sum);
            accounted += t;
        }
        if (now == sysTicks) accounted = Long.MAX_VALUE; // the process total mixes both: no "ended" row
        long totalTicks = Math.round((totalNanos - before.totalNanos) / 1e9 * TICKS_PER_SECOND);
        if (totalTicks > accounted) byGroup.put("(ended threads)", totalTicks - accounted);
        Map<String, Double> out = new LinkedHashMap<>();
        byGroup.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), e.getValue() / TICKS_PER_SECOND * 1e6 / operations));
        return out;
    }
}
