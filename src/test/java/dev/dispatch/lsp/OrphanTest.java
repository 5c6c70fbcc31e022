package dev.dispatch.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the JVM that owns the language servers leaves none behind: not a server that ignores the
 * end of its stdin (the stub), nor the processes a server started itself (tsserver under
 * typescript-language-server), within a few seconds.
 */
class OrphanTest {
    @TempDir
    Path tmp;

    @Test
    void killMinus9OfTheOwnerLeavesNoServerProcess() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "lsp");
        LspServers.write(root.resolve("a.stub"), "BAD\n");
        List<String> files = new ArrayList<>(List.of("a.stub"));
        boolean ts = Detection.executable("typescript-language-server", LspServers.env())
                .isPresent();
        if (ts) {
            LspServers.write(root.resolve("tsconfig.json"), "{}\n");
            LspServers.write(root.resolve("b.ts"), "export const x: number = 1;\n");
            files.add("b.ts");
        } else {
            System.out.println("note: typescript-language-server absent; only the stub server is checked");
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OrphanHost.class.getName(),
                root.toString(),
                stub.toString()));
        cmd.addAll(files);
        Process host = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<ProcessHandle> servers = new ArrayList<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                output.add(line);
                if (line.startsWith("PID ")) {
                    long pid = Long.parseLong(line.split(" ")[2]);
                    ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
                    servers.add(h);
                    servers.addAll(h.descendants().toList());
                }
            }
            assertThat(line).as("the host started its servers: %s", output).isEqualTo("READY");
            assertThat(servers.size()).as("pids printed: %s", output).isGreaterThanOrEqualTo(ts ? 3 : 1);
            assertThat(servers).allMatch(ProcessHandle::isAlive);

            host.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(host.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && servers.stream().anyMatch(ProcessHandle::isAlive)) Thread.sleep(50);
            assertThat(servers.stream()
                            .filter(ProcessHandle::isAlive)
                            .map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
                    .as("server processes alive after kill -9 of their owner")
                    .isEmpty();
        } finally {
            host.destroyForcibly();
            servers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
