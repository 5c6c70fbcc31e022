package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordination commands end to end in-process: JSON shapes, tables, exit codes. */
class CoordCliTest {
    @TempDir
    Path dir;

    CliHarness.Result run(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--space";
        all[args.length + 3] = "demo";
        return CliHarness.run(all);
    }

    JsonNode json(String... args) throws Exception {
        CliHarness.Result r = run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out());
    }

    @Test
    void workerLoopWithJsonAndExitCodes() throws Exception {
        JsonNode reg = json("agent", "register", "bot", "--capability", "java", "--json");
        assertThat(reg.get("token").asText()).startsWith("dsp_");
        assertThat(reg.at("/agent/liveness").asText()).isEqualTo("live");

        JsonNode added = json("task", "add", "Fix the build", "--priority", "5", "--key", "k1", "--json");
        String id = added.at("/task/id").asText();
        assertThat(id).startsWith("task_");
        assertThat(added.get("created").asBoolean()).isTrue();
        assertThat(json("task", "add", "again", "--key", "k1", "--json")
                        .at("/task/id")
                        .asText())
                .isEqualTo(id);

        JsonNode claim = json("task", "next", "--agent", "bot", "--json");
        assertThat(claim.at("/task/id").asText()).isEqualTo(id);
        assertThat(claim.get("attempt").asInt()).isEqualTo(1);
        String lease = claim.get("lease").asText();
        assertThat(lease).startsWith("lse_");

        assertThat(run("task", "next", "--agent", "bot").exitCode()).isEqualTo(ExitCode.NOTHING.code());
        CliHarness.Result lost = run("task", "complete", id, "--lease", "lse_stale");
        assertThat(lost.exitCode()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(lost.err()).startsWith("dispatch: lease lse_stale no longer holds task " + id);

        assertThat(json("task", "progress", id, "--lease", lease, "--note", "half", "--json")
                        .get("status")
                        .asText())
                .isEqualTo("claimed");
        assertThat(json("task", "complete", id, "--lease", lease, "--result", "green", "--json")
                        .get("status")
                        .asText())
                .isEqualTo("done");

        JsonNode shown = json("task", "show", id, "--json");
        assertThat(shown.get("history").findValuesAsText("kind"))
                .containsExactly("added", "claimed", "progressed", "completed");

        JsonNode events = json("events", "--since", "0", "--json");
        assertThat(events.isObject()).isTrue();
        CliHarness.Result lines = run("events", "--type", "TaskCompleted", "--json");
        assertThat(lines.out().lines().toList()).hasSize(1);
        assertThat(Json.mapper().readTree(lines.out()).get("type").asText()).isEqualTo("TaskCompleted");

        JsonNode stats = json("stats", "--json");
        assertThat(stats.at("/queues/default/done").asLong()).isEqualTo(1);
        assertThat(stats.at("/agents/live").asLong()).isEqualTo(1);
    }

    @Test
    void humanOutputIsAlignedTables() {
        run("agent", "register", "alpha");
        run("agent", "register", "b", "--parent", "alpha");
        CliHarness.Result list = run("agent", "list");
        assertThat(list.exitCode()).isZero();
        var lines = list.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME   STATUS  LIVENESS");
        assertThat(lines.get(1)).startsWith("alpha  idle    live");
        assertThat(lines.get(2)).startsWith("b      idle    live").contains("alpha");

        run("task", "add", "one");
        CliHarness.Result tasks = run("task", "list");
        assertThat(tasks.out().lines().toList().get(0))
                .startsWith("ID")
                .contains("STATUS")
                .contains("TITLE");
        assertThat(tasks.out()).contains("ready").contains("one");
    }

    @Test
    void cycleAndBadInputAreClearErrors() {
        run("agent", "register", "a");
        run("agent", "register", "b", "--parent", "a");
        CliHarness.Result cycle = run("agent", "status", "a", "--parent", "b");
        assertThat(cycle.exitCode()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(cycle.err()).contains("cycle").doesNotContain("Exception");

        CliHarness.Result badStatus = run("agent", "status", "a", "--status", "sleepy");
        assertThat(badStatus.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(badStatus.err()).contains("sleepy").contains("active");

        CliHarness.Result empty = run("task", "add", "");
        assertThat(empty.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(empty.err()).contains("title is empty");

        CliHarness.Result unknown = run("task", "show", "task_nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(unknown.err()).contains("task_nope");

        CliHarness.Result negative = run("task", "add", "x", "--lease-seconds", "-3");
        assertThat(negative.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(negative.err()).contains("-3");
        assertThat(run("task", "list", "--json").out()).isEqualTo("{\"tasks\":[]}\n");
    }

    @Test
    void anAgentStatusTakesTheStatusWordsOnlyAndNamesTheAllowedOnes() throws Exception {
        run("agent", "register", "a");
        for (String bad : List.of("sleepy", "", "ACTIVE", "done,error")) {
            CliHarness.Result r = run("agent", "status", "a", "--status", bad, "--summary", "x");
            assertThat(r.exitCode()).as(bad).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.err())
                    .as(bad)
                    .contains("'" + bad + "'")
                    .contains("active, idle, blocked, done, error, cancelled")
                    .doesNotContain("Exception");
            assertThat(r.out()).as(bad).isEmpty();
        }
        // nothing changed: the summary a refused call carried was not kept
        JsonNode shown = json("agent", "show", "a", "--json");
        assertThat(shown.at("/agent/status").asText()).isEqualTo("idle");
        assertThat(shown.at("/agent/summary").isNull()
                        || shown.at("/agent/summary").isMissingNode())
                .isTrue();
        // the words exactly as the wire and every other face spell them
        assertThat(json("agent", "status", "a", "--status", "blocked", "--json")
                        .at("/agent/status")
                        .asText())
                .isEqualTo("blocked");
        assertThat(run("agent", "tree").out()).contains("blocked");
    }

    @Test
    void aTaskStatusFilterTakesTheStatusWordsOnlyAndNamesTheAllowedOnes() {
        run("agent", "register", "a");
        assertThat(run("task", "add", "one").exitCode()).isZero();
        for (String bad : List.of("bogus", "finished", "", "ready,done", "READY")) {
            CliHarness.Result r = run("task", "list", "--status", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.err())
                    .as(bad)
                    .contains("'" + bad + "'")
                    .contains("pending, ready, claimed, waiting, done, dead, cancelled")
                    .doesNotContain("Exception");
            assertThat(r.out()).as(bad).isEmpty();
        }
        // the words exactly as the wire and every other face spell them
        assertThat(run("task", "list", "--status", "ready", "--json").out()).contains("\"status\":\"ready\"");
        assertThat(run("task", "list", "--status", "done", "--json").out()).isEqualTo("{\"tasks\":[]}\n");
    }
}
