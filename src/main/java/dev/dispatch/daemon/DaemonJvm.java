package dev.dispatch.daemon;

import java.util.List;

/**
 * The JVM options of a detached daemon ({@code daemon start} forks {@code daemon run} with them). Left
 * to itself the JVM sizes its heap from the machine (a quarter of RAM: 6 GiB on a 24 GiB box) and the
 * daemon's RSS grew to ~1.2 GiB under the claim benchmark, most of it garbage it never gave back. Its
 * live set is small (~50 MB with 10,000 tasks: the store's pages sit in H2's own bounded cache), so the
 * heap is capped at 256 MiB. The collector is the serial one (issue #19: a resident owner idles lightly):
 * G1's own structures were ~38 MB of a fresh daemon's ~120 MB (NMT), the serial collector's ~0.1 MB, and
 * on these 2-core machines it costs the claim bench no throughput. Its heap shrinks to at most 30 % free
 * after a full collection, which {@link IdleTrim} runs once requests stop ({@value IdleTrim#PROPERTY}), in
 * one step ({@code -ShrinkHeapInSteps}: by default it gives back 10 %, then 40 %, over several collections);
 * {@code TrimNativeHeapInterval} hands freed native memory (malloc arenas) back every 30 s. Measured with
 * bench/daemon-http.sh (RSS started, loaded, at rest) and bench/daemon-idle.sh (RSS over 10 minutes).
 * Override all of them with {@code DISPATCH_DAEMON_JAVA_OPTS}.
 */
public final class DaemonJvm {
    /** Environment variable whose whitespace-separated words replace {@link #DEFAULTS}. */
    public static final String ENV = "DISPATCH_DAEMON_JAVA_OPTS";

    static final List<String> DEFAULTS = List.of(
            "-Xms8m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:-ShrinkHeapInSteps",
            "-XX:TrimNativeHeapInterval=30000",
            "-D" + IdleTrim.PROPERTY + "=true");

    private DaemonJvm() {}

    /** The options for a daemon JVM given the environment of the process that forks it. */
    public static List<String> options(java.util.Map<String, String> env) {
        String custom = env.get(ENV);
        if (custom == null || custom.isBlank()) return DEFAULTS;
        return List.of(custom.strip().split("\\s+"));
    }
}
