package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void agents() {
        CoordFixtures.agents(dir);
    }

    CliHarness.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--space", CoordFixtures.SPACE));
        return CliHarness.run(all.toArray(String[]::new));
    }

    @Test
    void requestListDecide() {
        CliHarness.Result req = run(
                "approval", "request", "--agent", "a", "Ship it?", "--option", "ship", "--option", "hold", "--json");
        assertThat(req.exitCode()).as(req.err()).isZero();
        JsonNode a = CoordFixtures.json(req.out());
        String id = a.path("id").asText();
        assertThat(a.path("options").toString()).isEqualTo("[\"ship\",\"hold\"]");
        assertThat(a.path("state").asText()).isEqualTo("pending");
        assertThat(run("approval", "request", "--agent", "b", "Default options?")
                        .out())
                .contains("(options: yes, no)");

        CliHarness.Result pending = run("approval", "list", "--pending");
        assertThat(pending.out())
                .startsWith("ID")
                .contains(id)
                .contains("ship/hold")
                .contains("Ship it?");

        CliHarness.Result decided = run("approval", "decide", id, "hold", "--note", "wait for CI", "--json");
        JsonNode d = CoordFixtures.json(decided.out());
        assertThat(d.path("decision").asText()).isEqualTo("hold");
        assertThat(d.path("note").asText()).isEqualTo("wait for CI");
        assertThat(d.path("waitMillis").asLong()).isNotNegative();
        assertThat(run("approval", "list", "--pending", "--json").out()).doesNotContain(id);
        assertThat(CoordFixtures.json(run("approval", "list", "--json").out()).path("approvals"))
                .hasSize(2);
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() {
        String id = CoordFixtures.json(run("approval", "request", "--agent", "a", "Q?", "--json")
                        .out())
                .path("id")
                .asText();
        Map<String, Long> before = CoordFixtures.counts(dir);
        record Case(List<String> args, int exit, String says) {}
        List<Case> cases = List.of(
                new Case(List.of("approval", "request", "--agent", "ghost", "Q"), 3, "unknown agent 'ghost'"),
                new Case(List.of("approval", "request", "--agent", "a", ""), 2, "question is empty"),
                new Case(
                        List.of("approval", "request", "--agent", "a", "Q", "--option", "x", "--option", "x"),
                        2,
                        "given twice"),
                new Case(List.of("approval", "decide", id, "maybe"), 2, "'maybe' is not one of yes, no"),
                new Case(List.of("approval", "decide", "apr_nope", "yes"), 3, "no approval 'apr_nope'"),
                new Case(List.of("approval", "list", "--pending=maybe"), 2, "maybe"));
        for (Case k : cases) {
            CliHarness.Result r = run(k.args().toArray(String[]::new));
            assertThat(r.exitCode()).as(k.args() + ": " + r.err()).isEqualTo(k.exit());
            assertThat(r.err()).startsWith("dispatch: ").contains(k.says()).doesNotContain("Exception");
        }
        assertThat(CoordFixtures.counts(dir)).isEqualTo(before);
        assertThat(run("approval", "decide", id, "yes").exitCode()).isZero();
        CliHarness.Result again = run("approval", "decide", id, "no");
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.err()).contains("already decided 'yes'");
    }
}
