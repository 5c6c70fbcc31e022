package dev.dispatch.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The workloads install.sh records into the JDK 25 AOT caches ({@code DISPATCH_AOT_TRAINING=plain},
 * {@code =command} or {@code =lane}): the classes loaded here start pre-parsed and pre-linked on every later run. A JDK 25
 * cache loads every class it holds when the JVM starts, so one cache for everything made
 * {@code dispatch --version} pay for Jackson, the config loader and the daemon client; install.sh
 * therefore trains three caches (plain, command, lane) and the launcher picks one by the arguments. Output is discarded;
 * install.sh provides a throwaway DISPATCH_HOME.
 */
final class AotTraining {
    /** The root's own work (version, help) and the full tree (completion, suggestions): the plain cache. */
    static final List<List<String>> WORKLOAD =
            List.of(List.of("--version"), List.of("--help"), List.of("completion", "bash"), List.of("no-such-command"));

    /** Subcommands that need no engine: the first half of the command cache. */
    static final List<List<String>> LOCAL_WORKLOAD =
            List.of(List.of("config", "show", "--json"), List.of("config", "validate"));

    /** One-shot commands as they run against a live daemon: the second half of the command cache. */
    static final List<List<String>> REMOTE_WORKLOAD = List.of(
            List.of("daemon", "status", "--json"),
            List.of("agent", "register", "aot", "--space", "aot", "--json"),
            List.of("task", "add", "aot", "--space", "aot", "--json"),
            List.of("task", "next", "--agent", "aot", "--space", "aot", "--json"),
            List.of("task", "next", "--agent", "aot", "--space", "aot", "--json"),
            List.of("task", "list", "--space", "aot"));

    /**
     * Coordination one-shots through {@link SocketLane}, with {@code --json} and in text, against the daemon
     * install.sh starts for this training in its own process: the lane cache, which holds neither picocli
     * nor Jackson.
     */
    static final List<List<String>> LANE_WORKLOAD = List.of(
            List.of("agent", "register", "aot-lane", "--space", "aot", "--json"),
            List.of("task", "add", "aot", "--space", "aot", "--json"),
            List.of("task", "next", "--agent", "aot-lane", "--space", "aot", "--json"),
            List.of("task", "next", "--agent", "aot-lane", "--space", "aot", "--json"),
            List.of("task", "list", "--space", "aot", "--json"),
            List.of("msg", "inbox", "aot-lane", "--space", "aot", "--json"),
            // text mode: PlainJson's reading of answers and the renderers (Table, Columns, TaskText, ...)
            List.of("agent", "register", "aot-text", "--space", "aot"),
            List.of("task", "add", "aot text", "--space", "aot"),
            List.of("task", "next", "--agent", "aot-text", "--space", "aot"), // claims "aot text"
            List.of("task", "next", "--agent", "aot-text", "--space", "aot"), // nothing to do: the error path
            List.of("task", "list", "--space", "aot"),
            List.of("task", "show", "task_none", "--space", "aot"),
            List.of("agent", "list", "--space", "aot"),
            List.of("agent", "show", "aot-lane", "--space", "aot"),
            List.of("msg", "inbox", "aot-lane", "--space", "aot"),
            List.of("kb", "list", "--space", "aot"),
            List.of("stats", "--space", "aot"));

    private AotTraining() {}

    /** Runs the workload {@code kind} names ("plain" or "command"); an unknown kind is a usage error. */
    static int run(String kind, PrintWriter err) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        switch (kind) {
            case "plain" -> {
                for (List<String> args : WORKLOAD) Cli.run(args.toArray(String[]::new), sink, sink);
                return 0;
            }
            case "command" -> {
                for (List<String> args : LOCAL_WORKLOAD) Cli.run(args.toArray(String[]::new), sink, sink);
                // The daemon runs in its own process, so Jetty and H2 stay out of this cache.
                if (Cli.run(new String[] {"daemon", "start", "--no-port"}, sink, sink) != 0)
                    return ExitCode.ERROR.code();
                try {
                    for (List<String> args : REMOTE_WORKLOAD) Cli.run(args.toArray(String[]::new), sink, sink);
                } finally {
                    Cli.run(new String[] {"daemon", "stop"}, sink, sink);
                }
                return 0;
            }
            case "lane" -> {
                // encoding to bytes as the real run does (a null Writer would leave the encoder out of the cache)
                PrintWriter bytes = new PrintWriter(OutputStream.nullOutputStream(), true);
                for (List<String> args : LANE_WORKLOAD) {
                    int code = SocketLane.run(
                            args.toArray(String[]::new), Environment.current().vars(), bytes, bytes);
                    if (code == SocketLane.NOT_TAKEN) {
                        err.println(
                                "dispatch: the lane workload needs a daemon on DISPATCH_HOME (install.sh starts one)");
                        return ExitCode.ERROR.code();
                    }
                }
                return 0;
            }
            default -> {
                err.println("dispatch: DISPATCH_AOT_TRAINING='" + kind
                        + "' is not a workload; use 'plain', 'command' or 'lane'"
                        + " (install.sh sets it while training the AOT caches)");
                return ExitCode.USAGE.code();
            }
        }
    }
}
