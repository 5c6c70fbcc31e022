package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code dispatch fleet export} then {@code import} into a fresh home recreates the same agents,
 * templates and open tasks (dependencies remapped), with no token or key in the file; a dry run and a
 * file that does not validate create nothing, the latter naming each problem's line.
 */
class FleetFileTest {
    static final String TEMPLATES =
            """
            agents:
              - id: coder
                description: Writes code
                max_turns: 5
              - id: critic
                tools: [read_file]
            """;

    @Test
    void exportImportIntoAFreshHomeRecreatesTheTeamWithoutSecrets() throws Exception {
        Path file;
        JsonNode exported;
        try (FleetHome h = FleetHome.create("extf", TEMPLATES)) {
            assertThat(h.run(
                                    "agent",
                                    "register",
                                    "reviewer",
                                    "--role",
                                    "review",
                                    "--capability",
                                    "java",
                                    "--max-concurrent",
                                    "2",
                                    "--space",
                                    "team")
                            .exit())
                    .isZero();
            DispatchProcess.Run spawned =
                    h.run("spawn", "ext1", "--cli", "shell", "--worktree", "--space", "team", "say hi");
            assertThat(spawned.exit()).as(spawned.err()).isZero();
            String first = h.json("task", "add", "first", "--description", "a.txt", "--space", "team", "--json")
                    .get("task")
                    .get("id")
                    .asText();
            assertThat(h.run(
                                    "task",
                                    "add",
                                    "second",
                                    "--after",
                                    first,
                                    "--queue",
                                    "q",
                                    "--priority",
                                    "5",
                                    "--space",
                                    "team")
                            .exit())
                    .isZero();
            file = Files.createTempFile(Path.of("/tmp"), "fleet", ".yaml");
            DispatchProcess.Run export = h.run("fleet", "export", "--file", file.toString(), "--space", "team");
            assertThat(export.exit()).as(export.err()).isZero();
            String yaml = Files.readString(file);
            assertThat(yaml)
                    .contains("reviewer", "coder", "critic", "ext1", "shell", "first", "second")
                    .doesNotContain("dsp_")
                    .doesNotContain(FleetHome.SECRET)
                    .doesNotContain("DISPATCH_AGENT_TOKEN");
            exported = yaml(yaml);
            assertThat(exported.get("external").get(0).get("worktree").asBoolean())
                    .isTrue();
        }
        try (FleetHome fresh = FleetHome.create("extg", "")) {
            DispatchProcess.Run dry = fresh.run("fleet", "import", file.toString(), "--dry-run", "--space", "team");
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out())
                    .contains(
                            "would register agent reviewer",
                            "would add template coder",
                            "would add template critic",
                            "would add task 'first'",
                            "would add task 'second'",
                            "skip spawn ext1 --cli shell --worktree: not started");
            assertThat(fresh.run("agent", "list", "--space", "team", "--json").out())
                    .contains("\"agents\":[]");
            assertThat(fresh.run("task", "list", "--space", "team", "--json").out())
                    .contains("\"tasks\":[]");
            assertThat(Files.readString(fresh.home.resolve("config/config.yaml")))
                    .doesNotContain("coder");

            DispatchProcess.Run imported = fresh.run("fleet", "import", file.toString(), "--space", "team");
            assertThat(imported.exit()).as(imported.err()).isZero();
            Path again = Files.createTempFile(Path.of("/tmp"), "fleet2", ".yaml");
            assertThat(fresh.run("fleet", "export", "--file", again.toString(), "--space", "team")
                            .exit())
                    .isZero();
            JsonNode round = yaml(Files.readString(again));
            assertThat(round.get("agents")).isEqualTo(exported.get("agents"));
            assertThat(round.get("templates")).isEqualTo(exported.get("templates"));
            assertThat(round.get("tasks")).hasSize(2);
            JsonNode second = round.get("tasks").get(1);
            assertThat(second.get("title").asText()).isEqualTo("second");
            assertThat(second.get("after").get(0).asText())
                    .as("after points at the new 'first'")
                    .isEqualTo(round.get("tasks").get(0).get("id").asText());
            DispatchProcess.Run twice = fresh.run("fleet", "import", file.toString(), "--space", "team");
            assertThat(twice.out())
                    .contains(
                            "skip register agent reviewer: already registered",
                            "skip add template coder: already defined");
            Files.delete(again);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aFileThatDoesNotValidateIsRefusedWithLineNumbersAndNothingIsCreated() throws Exception {
        try (FleetHome h = FleetHome.create("extv", "")) {
            Path bad = h.home.resolve("bad.yaml");
            Files.writeString(
                    bad,
                    """
                    version: 2
                    space: team
                    agents:
                      - name: fine
                      - name: "bad/name"
                        colour: red
                    tasks:
                      - description: no title
                      - title: later
                        after: [nowhere]
                    """);
            DispatchProcess.Run r = h.run("fleet", "import", bad.toString(), "--space", "team");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err())
                    .contains(
                            "nothing was created",
                            bad + ":1: version must be 1",
                            bad + ":5: ",
                            "bad/name",
                            bad + ":6: unknown key 'colour'",
                            bad + ":8: a task needs a title",
                            bad + ":10: after names 'nowhere'");
            assertThat(h.run("agent", "list", "--space", "team", "--json").out())
                    .contains("\"agents\":[]");
            Files.writeString(bad, "version: 1\nagents: [ {name: x}\n");
            DispatchProcess.Run broken = h.run("fleet", "import", bad.toString(), "--space", "team");
            assertThat(broken.exit()).isEqualTo(2);
            assertThat(broken.err()).contains("not valid YAML").contains("line");
            DispatchProcess.Run missing =
                    h.run("fleet", "import", h.home.resolve("nope.yaml").toString());
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).contains("does not exist");
        }
    }

    private static JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }
}
