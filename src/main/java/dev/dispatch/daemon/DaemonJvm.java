package dev.dispatch.daemon;

import java.util.List;

/**
 * The JVM options of a detached daemon ({@code daemon start} forks {@code daemon run} with them). Left
 * to itself the JVM sizes its heap from the machine (a quarter of RAM: 6 GiB on a 24 GiB box) and the
 * daemon's RSS grew to ~1.2 GiB under the claim benchmark, most of it garbage it never gave back. Its
 * live set is small (~50 MB with 10,000 tasks: the store's pages sit in H2's own bounded cache), so the
 * heap is capped at 256 MiB, and G1's periodic collection (every 30 s when idle) shrinks the heap to at
 * most 30 % free and returns the rest to the OS: RSS 262 MiB after the claim bench fell to 188 MiB after
 * 50 s idle, where without the free ratios it stayed at 258 MiB. Measured with bench/daemon-http.sh (it
 * prints RSS started, loaded and at rest). Override all of them with {@code DISPATCH_DAEMON_JAVA_OPTS}.
 */
public final class DaemonJvm {
    /** Environment variable whose whitespace-separated words replace {@link #DEFAULTS}. */
    public static final String ENV = "DISPATCH_DAEMON_JAVA_OPTS";

    static final List<String> DEFAULTS = List.of(
            "-Xms32m",
            "-Xmx256m",
            "-XX:+UseG1GC",
            "-XX:G1PeriodicGCInterval=30000",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30");

    private DaemonJvm() {}

    /** The options for a daemon JVM given the environment of the process that forks it. */
    public static List<String> options(java.util.Map<String, String> env) {
        String custom = env.get(ENV);
        if (custom == null || custom.isBlank()) return DEFAULTS;
        return List.of(custom.strip().split("\\s+"));
    }
}
