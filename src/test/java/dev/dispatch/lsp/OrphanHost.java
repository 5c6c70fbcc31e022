package dev.dispatch.lsp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A JVM that starts language servers and then waits to be killed: {@code OrphanTest} runs it, reads
 * the servers' pids from its stdout, kills it with SIGKILL and checks that no server outlives it.
 * Arguments: the project root, the stub server's path, then source files to open (one per server).
 */
public final class OrphanHost {
    private OrphanHost() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toRealPath();
        var config = StubServer.config(Path.of(args[1]), Duration.ofSeconds(60), Duration.ofSeconds(60));
        LspManager m = new LspManager(r -> config, LspServers.env(), e -> {});
        for (int i = 2; i < args.length; i++) m.afterWrite(root, root.resolve(args[i]));
        for (Map.Entry<String, Long> e : m.pids(root).entrySet())
            System.out.println("PID " + e.getKey() + " " + e.getValue());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
