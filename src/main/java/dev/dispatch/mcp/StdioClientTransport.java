package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client side of the stdio transport: starts the server program as a child process, writes one
 * JSON-RPC message per line to its stdin and reads one per line from its stdout. Its stderr is kept (the
 * last few KB) so a crash is reported with what the server said. The child sees only {@link #INHERITED}
 * of Dispatch's environment plus its configured env, so provider keys never reach it. Closing kills the process and any
 * children it started (npx starts node under a shell, for instance).
 */
public final class StdioClientTransport implements ClientTransport {
    private static final int STDERR_TAIL = 2048;

    /** The variables a server inherits from Dispatch's environment; the rest it gets from its {@code env}. */
    public static final List<String> INHERITED =
            List.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "LC_ALL", "TMPDIR", "TZ");

    private final List<String> command;
    private final Map<String, String> env;
    private final Path cwd;
    private final StringBuilder stderr = new StringBuilder();
    private final Object writeLock = new Object();
    private volatile Process process;
    private volatile boolean closing;

    /** @param env variables added to this process's environment for the child */
    public StdioClientTransport(List<String> command, Map<String, String> env, Path cwd) {
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.cwd = cwd;
    }

    @Override
    public void start(Consumer<JsonNode> inbound, Consumer<String> ended) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cwd != null) pb.directory(cwd.toFile());
        // like the official SDKs: only what a program needs to run, never Dispatch's keys and tokens
        Map<String, String> childEnv = pb.environment();
        Map<String, String> mine = System.getenv();
        childEnv.clear();
        for (String name : INHERITED) if (mine.containsKey(name)) childEnv.put(name, mine.get(name));
        childEnv.putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start '" + command.get(0) + "': " + e.getMessage() + " (is it installed and on PATH?)", e);
        }
        process = p;
        Thread.ofVirtual().name("mcp-stderr-" + p.pid()).start(() -> drain(p.getErrorStream()));
        Thread.ofVirtual().name("mcp-stdout-" + p.pid()).start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) continue;
                    JsonNode node;
                    try {
                        node = JsonRpc.tree(line.getBytes(StandardCharsets.UTF_8));
                    } catch (JsonRpc.Failure notJson) {
                        continue; // a server that logs to stdout: not a message, nothing to answer
                    }
                    inbound.accept(node);
                }
            } catch (IOException e) {
                // the pipe closed: reported below
            }
            ended.accept(endReason(p));
        });
    }

    private String endReason(Process p) {
        if (closing) return "the connection was closed";
        try {
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) return "it closed its output";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail = stderrTail();
        return "its process exited" + (p.isAlive() ? "" : " with code " + p.exitValue())
                + (tail.isEmpty() ? "" : "; its last stderr: " + tail);
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (stderr) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_TAIL) stderr.delete(0, stderr.length() - STDERR_TAIL);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** The end of what the server wrote to stderr, on one line. */
    public String stderrTail() {
        synchronized (stderr) {
            return stderr.toString().strip().replaceAll("\\s*\\n\\s*", " | ");
        }
    }

    /** The child's pid, or -1 before start. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    @Override
    public void send(JsonNode message) throws IOException {
        Process p = process;
        if (p == null || !p.isAlive()) throw new IOException("the server process is not running");
        byte[] bytes = JsonRpc.bytes(message);
        synchronized (writeLock) {
            OutputStream out = p.getOutputStream();
            out.write(bytes);
            out.write('\n');
            out.flush();
        }
    }

    @Override
    public void close() {
        closing = true;
        Process p = process;
        if (p == null) return;
        List<ProcessHandle> children = p.descendants().toList();
        try {
            p.getOutputStream().close(); // the polite way: a stdio server ends when its input does
        } catch (IOException ignored) {
            // already closed
        }
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
