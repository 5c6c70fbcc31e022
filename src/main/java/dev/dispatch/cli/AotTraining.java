package dev.dispatch.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The workloads install.sh records into the JDK 25 AOT caches ({@code DISPATCH_AOT_TRAINING=plain},
 * {@code =command}, {@code =lane}, {@code =session}, {@code =run} or {@code =runlane}): the classes loaded here start pre-parsed and pre-linked on every later run. A JDK 25
 * cache loads every class it holds when the JVM starts, so one cache for everything made
 * {@code dispatch --version} pay for Jackson, the config loader and the daemon client; install.sh
 * therefore trains six caches (plain, command, lane, session, run, runlane) and the launcher picks one by the arguments. Output is discarded;
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
            case "session" -> {
                return session(sink, err, false);
            }
            case "run" -> {
                return session(sink, err, true);
            }
            case "runlane" -> {
                return runLane(err);
            }
            default -> {
                err.println("dispatch: DISPATCH_AOT_TRAINING='" + kind
                        + "' is not a workload; use 'plain', 'command', 'lane', 'session', 'run' or 'runlane'"
                        + " (install.sh sets it while training the AOT caches)");
                return ExitCode.USAGE.code();
            }
        }
    }

    /**
     * {@code dispatch run} attached to an owner through {@link RunLane}, in stream-json, text and json: the
     * runlane cache (no picocli, no Jackson, no engine). install.sh starts the owner (a daemon whose config
     * points at an {@link AotModel} in a third process) on this DISPATCH_HOME before, and stops both after.
     */
    private static int runLane(PrintWriter err) {
        java.util.Map<String, String> env = Environment.current().vars();
        PrintWriter bytes = new PrintWriter(OutputStream.nullOutputStream(), true);
        java.nio.file.Path project = null;
        try {
            // in the throwaway DISPATCH_HOME: a temp directory's name would bring SecureRandom into the cache
            project = java.nio.file.Files.createDirectories(
                    dev.dispatch.config.Dirs.resolve(env).data().resolveSibling("aot-project"));
            // without an owner RunLane would host the run itself: that is the run cache's workload, not this one
            if (dev.dispatch.client.Daemons.locate(dev.dispatch.config.Dirs.resolve(env)) == null) {
                err.println("dispatch: the runlane workload found no owner (install.sh starts one)");
                return ExitCode.ERROR.code();
            }
            for (String format : List.of("stream-json", "text", "json")) {
                String[] args = {"run", "--cwd", project.toString(), "--output-format", format, "create hello.txt"};
                // as Main does: the socket lane looks first, and leaves a run alone
                int code = SocketLane.run(args, env, bytes, bytes);
                if (code == SocketLane.NOT_TAKEN)
                    code = RunLane.run(args, env, java.io.InputStream.nullInputStream(), bytes, bytes);
                if (code != 0) {
                    err.println("dispatch: the runlane workload's run (" + format + ") "
                            + (code == SocketLane.NOT_TAKEN
                                    ? "found no owner (install.sh starts one)"
                                    : "exited " + code));
                    return ExitCode.ERROR.code();
                }
            }
            return 0;
        } catch (java.io.IOException e) {
            err.println("dispatch: the runlane workload could not start: " + e.getMessage());
            return ExitCode.ERROR.code();
        } finally {
            if (project != null) deleteTree(project);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp dir left behind
        }
    }

    /**
     * Headless agent runs as a user's script makes them: through picocli for the session cache (the workbench and
     * {@code chat} host an engine as a run does), or with {@code lane} as {@link RunLane} starts a cold run (the
     * run cache: no picocli; the first run opens a new data dir, the next ones an existing one): against {@link AotModel}, a run that calls {@code write_file} and answers, in stream-json and in
     * text, hosting the engine and serving its socket, as a run with no daemon does.
     */
    private static int session(PrintWriter sink, PrintWriter err, boolean lane) {
        java.util.Map<String, String> env = Environment.current().vars();
        // install.sh runs the model in a process of its own (DISPATCH_AOT_MODEL: its base URL), so that its
        // HTTP server (~45 JDK classes) stays out of the cache every cold run and chat loads
        String external = env.get("DISPATCH_AOT_MODEL");
        if (external != null && external.isBlank()) external = null;
        try (AotModel model = external == null ? AotModel.start() : null) {
            String baseUrl = external != null ? external : model.baseUrl();
            dev.dispatch.config.Dirs dirs = dev.dispatch.config.Dirs.resolve(env);
            java.nio.file.Path config = dirs.userConfigFile();
            java.nio.file.Files.createDirectories(config.getParent());
            java.nio.file.Files.writeString(
                    config,
                    """
                    providers: { aot: { type: anthropic, base_url: "%s" } }
                    keys: [ { id: aot, provider: aot, secret: "aot-training-not-a-key" } ]
                    models: [ { id: aot, provider: aot, name: aot } ]
                    default_model: aot
                    """
                            .formatted(baseUrl));
            java.nio.file.Files.setPosixFilePermissions(
                    config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            java.nio.file.Path project = java.nio.file.Files.createTempDirectory("dispatch-aot-");
            try {
                // encoding to bytes as the real run does (a null Writer would leave the encoder out of the cache)
                PrintWriter bytes = new PrintWriter(OutputStream.nullOutputStream(), true);
                for (String format : List.of("stream-json", "text", "json")) {
                    String[] args = {"run", "--cwd", project.toString(), "--output-format", format, "create hello.txt"};
                    // the run cache: a cold run as Main starts it (RunLane hosting the engine, no picocli)
                    int code = lane
                            ? RunLane.run(args, env, java.io.InputStream.nullInputStream(), bytes, bytes)
                            : Cli.run(args, sink, sink);
                    if (code != 0) {
                        err.println("dispatch: the session workload's run (" + format + ") exited " + code);
                        return ExitCode.ERROR.code();
                    }
                }
            } finally {
                try (var files = java.nio.file.Files.walk(project)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
            return 0;
        } catch (java.io.IOException e) {
            err.println("dispatch: the session workload could not start: " + e.getMessage());
            return ExitCode.ERROR.code();
        }
    }
}
