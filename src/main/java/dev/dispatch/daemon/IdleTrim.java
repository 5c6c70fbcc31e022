package dev.dispatch.daemon;

/**
 * Gives memory back once a daemon goes quiet (issue #19: a resident owner is a good neighbour). With the
 * serial collector ({@link DaemonJvm}) the heap shrinks only after a full collection, which an idle JVM
 * never runs by itself: a daemon left at 286 MiB after a burst of requests stayed there. So when requests
 * stop for {@value #QUIET_SECONDS} s after some activity, this runs one full collection, which shrinks the
 * heap to the free ratios {@link DaemonJvm} sets and returns the rest to the OS; then it waits for the
 * next burst. Only a daemon process started with {@link DaemonJvm}'s options does this (the system property
 * {@value #PROPERTY}); a daemon inside another JVM (tests, embedders) leaves that JVM's collector alone.
 */
final class IdleTrim {
    /** System property that turns it on ({@code true}); {@link DaemonJvm#DEFAULTS} sets it. */
    static final String PROPERTY = "dispatch.daemon.idleTrim";

    static final long QUIET_SECONDS = 15;

    private final DaemonServer server;
    private long trimmedAt;

    private IdleTrim(DaemonServer server) {
        this.server = server;
        this.trimmedAt = server.lastActivity();
    }

    /** Starts watching {@code server} when {@value #PROPERTY} is {@code true}. */
    static void startIfAsked(DaemonServer server) {
        if (!Boolean.getBoolean(PROPERTY)) return;
        IdleTrim t = new IdleTrim(server);
        Thread.ofPlatform().daemon().name("idle-trim").start(t::watch);
    }

    private void watch() {
        try {
            while (true) {
                Thread.sleep(QUIET_SECONDS * 1000 / 3);
                long last = server.lastActivity();
                boolean quiet = System.nanoTime() - last >= QUIET_SECONDS * 1_000_000_000L;
                if (last != trimmedAt && quiet) {
                    trimmedAt = last;
                    System.gc(); // the full collection that shrinks the serial collector's heap
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
