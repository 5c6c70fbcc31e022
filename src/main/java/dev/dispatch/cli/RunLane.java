package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.SessionServer;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Routes;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The thin start of a {@code dispatch run} while an owner (a daemon, a serving session) runs: the
 * arguments read by hand, the owner's socket through the native library, answers and events read
 * without Jackson ({@link RemoteEngine#plain}), the run itself the same {@link HeadlessRun} the picocli
 * command uses. An attached run thus loads neither picocli's annotation model nor Jackson's mapper, which
 * were most of its start-up (issue #19; the {@code runlane} AOT cache holds what is left).
 *
 * <p>Like {@link SocketLane}, it takes the command only when it is sure: an option it does not know, a
 * repeated one, a value that looks like an option, help, {@code @file}s, {@code --no-serve}, or no owner
 * answering on the socket, and {@link Cli} runs it as always. One more case goes back to picocli after the
 * owner refused the agent as invalid with no model chosen (no {@code --model}, {@code --tag} or
 * {@code --agent}): the engine created nothing, and picocli's first-run check then says what to configure
 * in this shell's words ({@link FirstRun}). What the lane says before the agent is accepted (the permission
 * mode's warnings) is held until then, so a run handed back says it once.
 */
public final class RunLane {
    private static final String[] VALUED = {
        "--model",
        "--tag",
        "--cwd",
        "--agent",
        "--max-turns",
        "--output-format",
        "--resume",
        "--session",
        "--permission-mode"
    };

    private RunLane() {}

    /** {@link #run} with this process's environment and streams (PrintWriters like {@link Cli}'s). */
    public static int start(String[] args) {
        if (args.length == 0 || !(args[0].equals("run") || args[0].startsWith("--data-dir")))
            return SocketLane.NOT_TAKEN;
        return run(
                args,
                Environment.current().vars(),
                System.in,
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
    }

    /** Runs {@code args} if they are a {@code run} this lane reads and an owner answers, else {@link SocketLane#NOT_TAKEN}. */
    static int run(String[] args, Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err) {
        Parsed a = parse(args);
        if (a == null) return SocketLane.NOT_TAKEN;
        Dirs dirs = Dirs.resolve(env);
        if (a.dataDir != null) dirs = dirs.withData(a.dataDir);
        if (!Daemons.mayListen(dirs)) return cold(a, dirs, env, stdin, out, err); // nobody has served here
        Daemons.Owner owner = Daemons.locate(dirs);
        if (owner == null) return cold(a, dirs, env, stdin, out, err);
        UnixHttp http = owner.connect();
        if (http == null) return cold(a, dirs, env, stdin, out, err); // a stale socket: the run hosts its own engine
        StringWriter held = new StringWriter();
        PrintWriter early = new PrintWriter(held);
        HeadlessRun.Prepared prepared = null;
        boolean[] accepted = {false};
        try (RemoteEngine engine =
                RemoteEngine.plain(http, Daemons.token(dirs, env), Routes.standard(), owner.info())) {
            prepared = HeadlessRun.prepare(a.options, stdin, early);
            String cwd = Environment.current().cwd().toString();
            // what prepare said (mode warnings) waits in 'held' until the owner accepts the agent
            return HeadlessRun.run(prepared, engine, cwd, out, err, () -> {
                accepted[0] = true;
                release(early, held, err);
            });
        } catch (EngineException e) {
            if (!accepted[0]
                    && e.code() == ErrorCode.INVALID
                    && a.options.model() == null
                    && a.options.tag() == null
                    && a.options.template() == null) {
                // picocli's first-run check says what to configure; a prompt read from stdin goes with it
                if (prepared != null && "-".equals(a.options.prompt()))
                    RunCommand.stdin = new ByteArrayInputStream(prepared.text().getBytes(StandardCharsets.UTF_8));
                return SocketLane.NOT_TAKEN;
            }
            release(early, held, err);
            return report(e, err);
        } catch (RuntimeException e) {
            release(early, held, err);
            return report(e, err);
        } catch (InterruptedException e) {
            release(early, held, err);
            return ExitCode.INTERRUPTED.code();
        }
    }

    /**
     * No owner answers: the run hosts the engine and serves the socket for its lifetime, as {@link RunCommand}
     * does through {@link ServeOptions}, without picocli's annotation model (its proxies and reflection were
     * ~100 ms of a cold run). When another data dir's owner serves the shared runtime dir, picocli's path
     * says so and runs without serving.
     */
    private static int cold(
            Parsed a, Dirs dirs, Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err) {
        if (SessionServer.conflict(dirs) != null) return SocketLane.NOT_TAKEN;
        try {
            HeadlessRun.Prepared prepared = HeadlessRun.prepare(a.options, stdin, err);
            FirstRun.require(dirs, a.options.cwd(), a.options.model(), a.options.tag());
            String here = Environment.current().cwd().toString();
            try (Engine engine =
                    SessionServer.host(dirs, env, "run", BuildInfo.version(), DaemonCommand.logFile(dirs))) {
                return HeadlessRun.run(prepared, engine, here, out, err, () -> {});
            }
        } catch (RuntimeException e) {
            return report(e, err);
        } catch (InterruptedException e) {
            return ExitCode.INTERRUPTED.code();
        }
    }

    private static int report(RuntimeException e, PrintWriter err) {
        int code = Failures.report(e, err, false);
        err.flush();
        return code;
    }

    /** Writes what was held back to the real stderr, once. */
    private static void release(PrintWriter early, StringWriter held, PrintWriter err) {
        early.flush();
        if (held.getBuffer().isEmpty()) return;
        err.print(held);
        err.flush();
        held.getBuffer().setLength(0);
    }

    /** The options of a run, and {@code --data-dir}; null for anything picocli should read. */
    private record Parsed(HeadlessRun.Options options, Path dataDir) {}

    static Parsed parse(String[] args) {
        int i = 0;
        Path dataDir = null;
        Map<String, String> values = new HashMap<>();
        // [--data-dir D] run
        if (i < args.length && args[i].startsWith("--data-dir")) {
            String v;
            if (args[i].equals("--data-dir") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                v = args[i + 1];
                i += 2;
            } else if (args[i].startsWith("--data-dir=")) {
                v = args[i].substring("--data-dir=".length());
                i++;
            } else {
                return null;
            }
            try {
                dataDir = Path.of(v);
            } catch (InvalidPathException e) {
                return null;
            }
        }
        if (i >= args.length || !args[i].equals("run")) return null;
        String prompt = null;
        boolean continueLatest = false;
        boolean iKnow = false;
        for (i++; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.charAt(0) == '@') return null;
            if (a.equals("-") || !a.startsWith("-")) {
                if (prompt != null) return null; // picocli says what is wrong with a second prompt
                prompt = a;
                continue;
            }
            if (a.equals("--no-daemon")) continue; // an owner runs: nothing to start either way
            if (a.equals("--continue") || a.equals("--i-know")) {
                if (a.equals("--continue") ? continueLatest : iKnow) return null; // repeated
                if (a.equals("--continue")) continueLatest = true;
                else iKnow = true;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (!valued(name)) return null; // help, --no-serve, an unknown option: picocli's
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            } else {
                return null;
            }
            String key = name.equals("--session") ? "--resume" : name;
            if (values.putIfAbsent(key, value) != null) return null; // repeated
        }
        if (prompt == null) return null;
        Integer maxTurns = null;
        if (values.containsKey("--max-turns")) {
            String n = values.get("--max-turns");
            // plain decimal only: anything else (signs, 0x, leading zeros, overflow) is picocli's to read
            if (n.isEmpty() || n.length() > 9 || (n.length() > 1 && n.charAt(0) == '0')) return null;
            for (int k = 0; k < n.length(); k++) if (n.charAt(k) < '0' || n.charAt(k) > '9') return null;
            maxTurns = Integer.valueOf(n);
        }
        RunRenderer.Format format = RunRenderer.Format.text;
        if (values.containsKey("--output-format")) {
            format = switch (values.get("--output-format").replace('-', '_').toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> RunRenderer.Format.text;
                case "json" -> RunRenderer.Format.json;
                case "stream_json" -> RunRenderer.Format.stream_json;
                default -> null;
            };
            if (format == null) return null;
        }
        return new Parsed(
                new HeadlessRun.Options(
                        prompt,
                        values.get("--model"),
                        values.get("--tag"),
                        values.get("--cwd"),
                        values.get("--agent"),
                        maxTurns,
                        format,
                        continueLatest,
                        values.get("--resume"),
                        values.get("--permission-mode"),
                        iKnow),
                dataDir);
    }

    private static boolean valued(String name) {
        for (String v : VALUED) if (v.equals(name)) return true;
        return false;
    }
}
