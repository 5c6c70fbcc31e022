package dev.dispatch.app;

import dev.dispatch.mcp.NpmMcp;
import dev.dispatch.protocol.RuntimeEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real MCP servers from npm (installed by .ci/run) as the client tests use them: the command lines of
 * server-filesystem and server-everything, the everything server over Streamable HTTP on a free port, and
 * a look at this JVM's child processes (to find, kill, or prove absent a server).
 */
final class McpServersFixture {
    private McpServersFixture() {}

    static Path modules() {
        NpmMcp.require("@modelcontextprotocol/server-filesystem");
        return NpmMcp.require("@modelcontextprotocol/server-everything");
    }

    static String filesystemJs() {
        return modules()
                .resolve("@modelcontextprotocol/server-filesystem/dist/index.js")
                .toString();
    }

    static String everythingJs() {
        return modules()
                .resolve("@modelcontextprotocol/server-everything/dist/index.js")
                .toString();
    }

    /** This JVM's descendant processes whose command line contains {@code marker}. */
    static List<ProcessHandle> processes(String marker) {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(marker)
                        || String.join(" ", p.info().arguments().orElse(new String[0]))
                                .contains(marker))
                .toList();
    }

    static Optional<ProcessHandle> process(String marker) {
        List<ProcessHandle> all = processes(marker);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The everything server over Streamable HTTP at {@code http://127.0.0.1:PORT/mcp}, ready. */
    static final class HttpEverything implements AutoCloseable {
        final int port;
        final Process process;

        HttpEverything() throws IOException, InterruptedException {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder("node", everythingJs(), "streamableHttp");
            pb.environment().put("PORT", String.valueOf(port));
            pb.redirectErrorStream(true);
            process = pb.start();
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("listening on port")) break;
                if (System.nanoTime() > deadline) break;
            }
            if (line == null || !line.contains("listening"))
                throw new AssertionError("the everything server did not start over HTTP: " + seen);
            Thread.ofVirtual().start(() -> {
                try {
                    r.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // it stopped
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + port + "/mcp";
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    static RuntimeEvents.ToolCallFinished result(EngineFixture fx, String agentId, String tool, int nth) {
        List<RuntimeEvents.ToolCallFinished> all = fx.of(RuntimeEvents.ToolCallFinished.class).stream()
                .filter(f -> f.agentId().equals(agentId) && f.tool().equals(tool))
                .toList();
        if (all.size() <= nth) throw new AssertionError("no call " + nth + " of " + tool + "; got " + all);
        return all.get(nth);
    }
}
