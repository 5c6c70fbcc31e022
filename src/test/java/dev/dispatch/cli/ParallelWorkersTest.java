package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts run workers in parallel with no daemon: four separate JVMs, each looping {@code task next} /
 * {@code task complete} as a shell script would, drain one queue. Every command must succeed (the
 * one-shots take turns on the store) and every task must be done exactly once.
 */
@Tag("slow")
class ParallelWorkersTest {
    static final int WORKERS = 4;
    static final int TASKS = 16; // 4 per worker: enough to interleave, cheap enough for CI

    @TempDir
    Path dir;

    @Test
    void fourWorkerProcessesDrainAQueueWithEveryCommandSucceeding() throws Exception {
        Path data = dir.resolve("data");
        for (int w = 0; w < WORKERS; w++)
            assertThat(dispatch(data, "agent", "register", "w" + w).exit).isZero();
        for (int i = 0; i < TASKS; i++)
            assertThat(dispatch(data, "task", "add", "job " + i).exit).isZero();

        Path script = dir.resolve("worker.sh");
        Files.writeString(
                script,
                """
                #!/bin/sh
                # usage: worker.sh AGENT — claim and complete until nothing is ready (exit 5)
                while true; do
                  out=$("$JAVA" -cp "$CP" dev.dispatch.Main --data-dir "$DATA" task next --agent "$1" --space t --json)
                  code=$?
                  [ $code -eq 5 ] && exit 0
                  [ $code -ne 0 ] && { echo "next failed: $code" >&2; exit $code; }
                  id=$(printf '%s' "$out" | sed 's/.*"task":{"id":"\\([^"]*\\)".*/\\1/')
                  lease=$(printf '%s' "$out" | sed 's/.*"lease":"\\([^"]*\\)".*/\\1/')
                  echo "$id" >> "$DONE"
                  "$JAVA" -cp "$CP" dev.dispatch.Main --data-dir "$DATA" task complete "$id" --lease "$lease" --space t \\
                    || { echo "complete failed: $?" >&2; exit 1; }
                done
                """);
        List<Process> procs = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "w" + w)
                    .redirectError(dir.resolve("err" + w).toFile())
                    .redirectOutput(dir.resolve("out" + w).toFile());
            pb.environment().put("JAVA", javaBin());
            pb.environment().put("CP", System.getProperty("java.class.path"));
            pb.environment().put("DATA", data.toString());
            pb.environment().put("DONE", dir.resolve("done" + w).toString());
            procs.add(pb.start());
        }
        // the first failing worker stops the run: the others would only drain the queue alone
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (procs.stream().anyMatch(Process::isAlive) && System.nanoTime() < deadline) {
            if (procs.stream().anyMatch(p -> !p.isAlive() && p.exitValue() != 0)) break;
            Thread.sleep(200);
        }
        for (Process p : procs) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        StringBuilder failures = new StringBuilder();
        for (int w = 0; w < WORKERS; w++) {
            int exit = procs.get(w).exitValue();
            if (exit != 0)
                failures.append("worker w")
                        .append(w)
                        .append(" exit ")
                        .append(exit)
                        .append(": ")
                        .append(Files.readString(dir.resolve("err" + w)).strip())
                        .append('\n');
        }
        assertThat(failures.toString()).as("every worker command must succeed").isEmpty();
        List<String> claimed = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Path done = dir.resolve("done" + w);
            if (Files.exists(done)) claimed.addAll(Files.readAllLines(done));
        }
        Set<String> unique = new HashSet<>(claimed);
        assertThat(claimed).hasSize(TASKS);
        assertThat(unique).hasSize(TASKS);
        JsonNode stats = Json.mapper().readTree(dispatch(data, "stats", "--json").out);
        assertThat(stats.at("/queues/default/done").asLong()).isEqualTo(TASKS);
    }

    record Run(int exit, String out) {}

    private Run dispatch(Path data, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.dispatch.Main",
                "--data-dir",
                data.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--space", "t"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(2, TimeUnit.MINUTES);
        return new Run(p.exitValue(), out);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
