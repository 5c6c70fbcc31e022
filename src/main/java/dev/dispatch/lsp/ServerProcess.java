package dev.dispatch.lsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running language server program, started so that it cannot outlive Dispatch: Java cannot ask
 * the kernel for a parent-death signal, so the server runs under a small {@code sh} wrapper that (1)
 * puts it in its own process group with {@code setsid} and (2) polls the engine's pid once a second
 * and kills the whole group when the engine is gone, however it died ({@code kill -9} included). A
 * server that exits ends the wrapper, which is how the owner notices a crash. Its stderr is drained
 * into a short tail for status messages.
 */
final class ServerProcess {
    /** {@code $1} the pid to outlive no longer than a second, then the command and its arguments. */
    static final String WRAPPER =
            """
            parent=$1; shift
            exec 3<&0
            if command -v setsid >/dev/null 2>&1; then setsid "$@" <&3 3<&- & else "$@" <&3 3<&- & fi
            child=$!
            exec 3<&-
            echo "dispatch-lsp-pid=$child" >&2
            ( while kill -0 "$parent" 2>/dev/null; do sleep 1; done
              kill -TERM -"$child" "$child" 2>/dev/null; sleep 2; kill -KILL -"$child" "$child" 2>/dev/null
            ) </dev/null >/dev/null 2>&1 &
            watch=$!
            trap 'kill -TERM -"$child" "$child" 2>/dev/null' TERM INT HUP
            wait "$child"; code=$?
            while kill -0 "$child" 2>/dev/null; do wait "$child"; code=$?; done
            kill "$watch" 2>/dev/null
            exit $code
            """;

    private static final int TAIL_LINES = 20;

    private final Process process;
    private final CompletableFuture<Long> serverPid = new CompletableFuture<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread drain = new Thread(this::drainStderr, "lsp-stderr-" + process.pid());
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * The environment a server runs with: {@code child} (the engine's environment scrubbed of
     * credentials, as run_shell's) with where to find programs and keep caches as the engine sees them.
     */
    static Map<String, String> environment(Map<String, String> child, Map<String, String> engine) {
        Map<String, String> out = new java.util.TreeMap<>(child);
        for (String key : List.of("PATH", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")) {
            String v = engine.get(key);
            if (v != null) out.put(key, v);
        }
        return out;
    }

    /**
     * Starts {@code program args} in {@code root} under the wrapper with exactly {@code baseEnv} (nothing
     * inherited from this process), plus {@code extraEnv} (the server's {@code env} in the user config).
     */
    static ServerProcess start(
            Path program, List<String> args, Path root, Map<String, String> baseEnv, Map<String, String> extraEnv)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "sh",
                "-c",
                WRAPPER,
                "dispatch-lsp",
                String.valueOf(ProcessHandle.current().pid()),
                program.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        pb.environment().clear(); // never this process's own: it may hold keys and tokens
        pb.environment().putAll(baseEnv);
        pb.environment().putAll(extraEnv);
        return new ServerProcess(pb.start());
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The server's own pid (the wrapper's child), once the wrapper has said it; null until then. */
    Long pid() {
        return serverPid.getNow(null);
    }

    Long awaitPid(long millis) {
        try {
            return serverPid.get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines the server wrote to stderr, joined; "" when it wrote none. */
    String stderrTail() {
        synchronized (stderrTail) {
            return String.join(" | ", stderrTail);
        }
    }

    /** Ends the server and its children: the wrapper's TERM handler, then KILL to the whole group. */
    void kill(long graceMillis) {
        if (process.isAlive()) process.destroy();
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                Long pid = pid();
                if (pid != null) ProcessHandle.of(pid).ifPresent(ServerProcess::killTree);
                killTree(process.toHandle());
                process.waitFor(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process.toHandle());
        }
    }

    private static void killTree(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
    }

    private void drainStderr() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!serverPid.isDone() && line.startsWith("dispatch-lsp-pid=")) {
                    serverPid.complete(Long.parseLong(
                            line.substring("dispatch-lsp-pid=".length()).strip()));
                    continue;
                }
                if (line.isBlank()) continue;
                synchronized (stderrTail) {
                    stderrTail.addLast(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                    while (stderrTail.size() > TAIL_LINES) stderrTail.removeFirst();
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the stream ended with the process; what was read stays
        } finally {
            serverPid.complete(null);
        }
    }
}
