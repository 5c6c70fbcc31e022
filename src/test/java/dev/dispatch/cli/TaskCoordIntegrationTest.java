package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks with locks and knowledge through the real CLI and engine: a lock tied to a task ends with the
 * task, and tasks are found by knowledge search.
 */
class TaskCoordIntegrationTest {
    @TempDir
    Path home;

    CliHarness.Result run(String... args) {
        var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), home);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--space", "s"));
        CliHarness.Result r = Environment.with(env, () -> CliHarness.run(all.toArray(String[]::new)));
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        try {
            return Json.mapper().readTree(run(all.toArray(String[]::new)).out());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLockTiedToATaskIsReleasedWhenTheTaskCompletes() {
        run("agent", "register", "w1");
        String task = json("task", "add", "Refactor the parser")
                .path("task")
                .path("id")
                .asText();
        String lease = json("task", "next", "--agent", "w1").path("lease").asText();
        run("lock", "acquire", "src/parser/**", "--agent", "w1", "--task", task);
        assertThat(run("lock", "list").out()).contains("src/parser/**");
        run("task", "complete", task, "--lease", lease);
        assertThat(run("lock", "list").out()).doesNotContain("src/parser/**");
        assertThat(run("events", "--type", "LockReleased").out()).contains("task " + task + " ended");
    }

    @Test
    void tasksAreFoundByKnowledgeSearch() {
        String task = json("task", "add", "Fix flaky lease renewal", "--description", "heartbeats race the sweeper")
                .path("task")
                .path("id")
                .asText();
        assertThat(run("kb", "search", "sweeper").out()).contains(task).contains("[sweeper]");
    }
}
