package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Personas and the ignition prompt: versioned adds (same text adds nothing), show/list/history, bad
 * names and text refused with the value and the rule, an ignition template with an unknown placeholder
 * refused, {@code spawn --persona} handing the rendered prompt to the CLI, and the fleet file carrying
 * every version into a fresh home. Through a daemon, and in-process ({@code --no-daemon}).
 */
class PersonasTest {
    @Test
    void versionedPersonasRenderIntoTheIgnitionPromptAndTravelInTheFleetFile() throws Exception {
        Path file = Files.createTempFile(Path.of("/tmp"), "fleet-persona", ".yaml");
        try (FleetHome h = FleetHome.create("pers", "")) {
            DispatchProcess.Run v1 = h.run("persona", "add", "reviewer", "Review every diff; never edit files.");
            assertThat(v1.exit()).as(v1.err()).isZero();
            assertThat(v1.out()).contains("persona reviewer version 1 added");
            assertThat(h.run("persona", "add", "reviewer", "Review every diff; never edit files.\r\n")
                            .out())
                    .as("the same text (CRLF, trailing blanks aside) is no new version")
                    .contains("unchanged", "version 1");
            Path text = h.home.resolve("reviewer.md");
            Files.writeString(text, "Review every diff.\nAsk {name} nothing; braces stay as they are: {x}.\n");
            assertThat(h.run("persona", "add", "reviewer", "--file", text.toString(), "--note", "tighter")
                            .out())
                    .contains("version 2 added");
            assertThat(h.run("persona", "show", "reviewer", "--version", "1").out())
                    .contains("never edit files");
            assertThat(h.run("persona", "show", "reviewer").out()).contains("braces stay");
            JsonNode history = h.json("persona", "history", "reviewer", "--json");
            assertThat(history.get("versions")).hasSize(2);
            assertThat(history.get("versions").get(1).get("note").asText()).isEqualTo("tighter");
            assertThat(h.run("persona", "list").out()).contains("reviewer", "2");

            for (String bad : List.of("../x", "a@b", "a b", ".hidden", "x".repeat(41))) {
                DispatchProcess.Run r = h.run("persona", "add", bad, "text");
                assertThat(r.exit()).as(bad).isEqualTo(2);
                assertThat(r.err()).as(bad).contains("persona name", "1-40 letters");
            }
            // a newline cannot travel in a request path: named with the rule, not a bare HTTP 400 (%0A)
            for (String[] cmd : List.of(
                    new String[] {"persona", "add", "a\nb", "text"},
                    new String[] {"worktree", "remove", "a\nb"},
                    new String[] {"task", "show", "a\nb", "--space", "team"})) {
                DispatchProcess.Run r = h.run(cmd);
                assertThat(r.exit()).as(String.join(" ", cmd)).isEqualTo(2);
                assertThat(r.err())
                        .contains("'a\\u000ab'", "U+000A", "printable")
                        .doesNotContain("HTTP 400");
            }
            DispatchProcess.Run control = h.run("persona", "add", "ctl", "bell\u0007here");
            assertThat(control.exit()).isEqualTo(2);
            assertThat(control.err()).contains("U+0007", "line 1");
            assertThat(h.run("persona", "add", "blank", "   ").err()).contains("empty");
            DispatchProcess.Run ign = h.run("persona", "add", "ignition", "Hi {name}, {nmae} {task}");
            assertThat(ign.exit()).isEqualTo(2);
            assertThat(ign.err()).contains("{nmae}", "{token_var}");
            assertThat(h.run("persona", "show", "nobody").err()).contains("no persona 'nobody'");
            assertThat(h.run("persona", "show", "reviewer", "--version", "9").err())
                    .contains("no version 9", "1-2");
            assertThat(h.run("persona", "list", "--json").out()).doesNotContain("ctl", "blank", "ignition");

            String task = h.json("task", "add", "check parser", "--space", "team", "--json")
                    .get("task")
                    .get("id")
                    .asText();
            DispatchProcess.Run spawn = h.run(
                    "spawn",
                    "rev1",
                    "--cli",
                    "printf '%s' \"$DISPATCH_PROMPT\" > ignition.txt; echo \"$DISPATCH_PERSONA\" > persona.txt; sleep 60",
                    "--persona",
                    "reviewer@1",
                    "--task",
                    task,
                    "--space",
                    "team",
                    "look at src/ first");
            assertThat(spawn.exit()).as(spawn.err()).isZero();
            Path out = h.repo.resolve("ignition.txt");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(out) && System.nanoTime() < end) Thread.sleep(100);
            String ignition = Files.readString(out);
            assertThat(ignition)
                    .contains(
                            "You are rev1",
                            "space 'team'",
                            "never edit files",
                            "$DISPATCH_AGENT_TOKEN",
                            "Your task is " + task + " (check parser)",
                            "dispatch lock acquire PATH --space team --agent rev1",
                            "look at src/ first")
                    .doesNotContain("dsp_");
            assertThat(Files.readString(h.repo.resolve("persona.txt")).strip()).isEqualTo("reviewer@1");
            assertThat(h.run("agent", "list", "--space", "team").out()).contains("rev1", "reviewer@1");
            assertThat(h.run("spawn", "rev2", "--cli", "true", "--persona", "nobody", "--space", "team")
                            .err())
                    .contains("no persona 'nobody'");
            assertThat(h.run("agent", "list", "--space", "team", "--json").out())
                    .as("a failed persona leaves nothing registered")
                    .doesNotContain("rev2");
            assertThat(h.run("persona", "render", "--agent", "rev9", "--persona", "reviewer", "--space", "team", "go")
                            .out())
                    .contains("You are rev9", "braces stay as they are: {x}", "go");

            assertThat(h.run("fleet", "export", "--file", file.toString(), "--space", "team")
                            .exit())
                    .isZero();
            assertThat(Files.readString(file)).contains("personas:", "never edit files", "persona: \"reviewer@1\"");
        }
        try (FleetHome fresh = FleetHome.create("persf", "")) {
            DispatchProcess.Run imported = fresh.run("fleet", "import", file.toString(), "--space", "team");
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("add persona reviewer (2 version(s))");
            JsonNode history = fresh.json("persona", "history", "reviewer", "--json");
            assertThat(history.get("versions")).hasSize(2);
            assertThat(history.get("versions").get(0).get("text").asText()).contains("never edit files");
            assertThat(fresh.run("fleet", "import", file.toString(), "--space", "team")
                            .out())
                    .contains("skip add persona reviewer");
            // in-process, no daemon: the same store, the same answers
            fresh.run("daemon", "stop");
            DispatchProcess.Run local = fresh.run("--no-daemon", "persona", "add", "tester", "Write tests first.");
            assertThat(local.exit()).as(local.err()).isZero();
            assertThat(fresh.run("--no-daemon", "persona", "show", "reviewer").out())
                    .contains("braces stay");
            assertThat(fresh.run("--no-daemon", "persona", "list").out()).contains("tester", "reviewer");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
