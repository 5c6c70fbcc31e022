package dev.dispatch.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The workload install.sh records into the JDK 25 AOT cache ({@code DISPATCH_AOT_TRAINING=1}): the
 * classes loaded here start pre-parsed and pre-linked on every later run. It runs the common one-shot
 * commands with output discarded, against the throwaway DISPATCH_HOME that install.sh provides: first
 * in-process, then against a daemon process it starts and stops, so the socket client path (the one a
 * one-shot takes when a daemon runs) is in the cache too.
 */
final class AotTraining {
    static final List<List<String>> WORKLOAD = List.of(
            List.of("--version"),
            List.of("--help"),
            List.of("completion", "bash"),
            List.of("no-such-command"));

    /** One-shot commands as they run against a live daemon. */
    static final List<List<String>> REMOTE_WORKLOAD = List.of(
            List.of("daemon", "status", "--json"),
            List.of("agent", "register", "aot", "--space", "aot", "--json"),
            List.of("task", "add", "aot", "--space", "aot", "--json"),
            List.of("task", "next", "--agent", "aot", "--space", "aot", "--json"),
            List.of("task", "next", "--agent", "aot", "--space", "aot", "--json"),
            List.of("task", "list", "--space", "aot"));

    private AotTraining() {}

    static int run() {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (List<String> args : WORKLOAD) Cli.run(args.toArray(String[]::new), sink, sink);
        // The daemon runs in its own process: a JDK 25 AOT cache loads every class it holds at start-up,
        // so Jetty and H2 loaded here would slow every one-shot down.
        if (Cli.run(new String[] {"daemon", "start", "--no-port"}, sink, sink) != 0) return 0;
        try {
            for (List<String> args : REMOTE_WORKLOAD) Cli.run(args.toArray(String[]::new), sink, sink);
        } finally {
            Cli.run(new String[] {"daemon", "stop"}, sink, sink);
        }
        return 0;
    }
}
