package dev.dispatch.cli;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.OpCodec;
import dev.dispatch.protocol.PlainJson;
import dev.dispatch.protocol.Route;
import dev.dispatch.protocol.Routes;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The fast way through for a script's coordination one-shot ({@code dispatch task next --agent w1
 * --json}) while a daemon or session owns the data directory: no picocli model, no Jackson, and the
 * socket through the native library when install.sh built it, else the JDK's Unix sockets warmed up on
 * a second thread while the arguments are read (their one-time set-up seeds a {@code SecureRandom},
 * ~15 ms; see {@link UnixHttp#warmUp}). Those are most of a one-shot's start-up (issue 4: ≤ 60 ms;
 * picocli's annotation reading and Jackson's mapper cost ~50 ms each).
 *
 * <p>Output and exit codes are those of the picocli command: with {@code --json} the daemon's answer as
 * sent; in text the answer read into its type by {@link PlainJson} (Jackson-free) and printed by the
 * renderer the picocli command uses; on an error {@code dispatch: MESSAGE} with the error's exit code.
 * Whenever the lane is unsure — not a {@link LaneCommand}, {@code --help}, an {@code @file}, arguments
 * picocli might read differently, or nobody listening on the socket — it takes nothing and {@link Cli}
 * runs as always.
 * Only a refused connection falls back that way: once a request is sent, the op is never run twice.
 */
public final class SocketLane {
    /** {@link #run} did not take the command: run it through {@link Cli}. */
    public static final int NOT_TAKEN = -1;

    private SocketLane() {}

    /** Runs {@code args} through the lane with this process's environment and streams, or {@link #NOT_TAKEN}. */
    public static int run(String[] args) {
        // PrintWriters like Cli's: UTF-8 whatever the locale makes of System.out's own encoding
        return run(
                args,
                Environment.current().vars(),
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
    }

    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        if (!plain(args)) return NOT_TAKEN;
        LaneArgs a = LaneArgs.parse(args);
        if (a == null) return NOT_TAKEN;
        Dirs dirs = Dirs.resolve(env);
        if (a.dataDir() != null) dirs = dirs.withData(a.dataDir());
        if (!Daemons.mayListen(dirs)) return NOT_TAKEN; // nobody has served here: the command runs in-process
        if (UnixHttp.needsWarmUp()) new Warmup().start();
        Op<?> op;
        boolean json;
        try {
            json = a.flag(LaneCommand.JSON);
            op = a.command().op(a);
            a.done();
        } catch (LaneArgs.Unsure e) {
            return NOT_TAKEN;
        }
        // 'agent list' in text also shows external agents (dispatch spawn): picocli's command renders those
        if (a.command() == LaneCommand.AGENT_LIST && !json && hasExternalAgents(dirs)) return NOT_TAKEN;
        Daemons.Owner owner = Daemons.locate(dirs);
        if (owner == null) return NOT_TAKEN; // no live owner: the command runs in-process
        Route route = Routes.standard().route(op.getClass());
        OpCodec.HttpCall call;
        try {
            call = OpCodec.encode(route, op);
        } catch (RuntimeException e) {
            return NOT_TAKEN; // a value no request can carry: picocli's command reports it (Route.printable)
        }
        UnixHttp http = owner.connect(); // in step with the warm-up: see UnixHttp.warmUp
        if (http == null) return NOT_TAKEN; // nobody listens on the socket: the command runs in-process
        try (RemoteEngine engine = new RemoteEngine(http, Daemons.token(dirs, env), Routes.standard(), owner.info())) {
            String answer = engine.send(route, call).text();
            if (json) {
                out.println(answer);
                out.flush();
            } else {
                a.command().print(decode(answer, op, route), out);
            }
            return ExitCode.OK.code();
        } catch (RuntimeException e) {
            // an error answer, or a renderer that cannot print the answer: as picocli's error handler says it
            int code = Failures.report(e, err, false);
            err.flush();
            return code;
        }
    }

    /**
     * The daemon's answer read into the op's answer type; unreadable, it is the error the picocli command
     * reports through {@code RemoteEngine} (same prefix, same exit code; the reason is PlainJson's words).
     */
    private static Object decode(String answer, Op<?> op, Route route) {
        try {
            return PlainJson.read(answer, PlainJson.answerType(op.getClass()));
        } catch (IllegalArgumentException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "daemon answered " + route + " with an unreadable body: " + e.getMessage(), e);
        }
    }

    /** Whether {@code args} ask for nothing only picocli does: help, version, debug output, {@code @file} expansion, {@code --}. */
    /**
     * Whether any external agent was ever recorded (one directory read; none: the directory is absent).
     * Without any, {@code agent list} asks for nothing more, on this lane and through picocli alike.
     */
    static boolean hasExternalAgents(Dirs dirs) {
        String[] names = dirs.data().resolve("fleet").toFile().list();
        return names != null && names.length > 0;
    }

    private static boolean plain(String[] args) {
        for (String a : args) {
            if (a.isEmpty()
                    || a.charAt(0) == '@'
                    || a.equals("--")
                    || a.equals("-h")
                    || a.equals("--help")
                    || a.equals("-V")
                    || a.equals("--version")
                    || a.equals("--debug")) {
                return false;
            }
        }
        return true;
    }

    /** Warms the JDK's Unix sockets up ({@link UnixHttp#warmUp}) on its own thread while the main thread works. */
    private static final class Warmup extends Thread {
        Warmup() {
            super("dispatch-warmup");
            setDaemon(true);
        }

        @Override
        public void run() {
            UnixHttp.warmUp();
        }
    }
}
