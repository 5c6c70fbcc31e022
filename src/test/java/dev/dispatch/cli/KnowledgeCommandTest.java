package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeCommandTest {
    @TempDir
    Path dir;

    final InputStream realIn = System.in;

    @BeforeEach
    void agents() {
        CoordFixtures.agents(dir);
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(realIn);
    }

    CliHarness.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--space", CoordFixtures.SPACE));
        return CliHarness.run(all.toArray(String[]::new));
    }

    @Test
    void writeReadListAndSearch() {
        assertThat(run("kb", "write", "design/locks", "Locks carry fencing tokens.", "--agent", "a")
                        .out())
                .isEqualTo("wrote design/locks version 1 (27 chars)\n");
        System.setIn(new ByteArrayInputStream("Fencing tokens strictly increase.\n".getBytes()));
        CliHarness.Result v2 = run("kb", "write", "design/locks", "--json");
        assertThat(CoordFixtures.json(v2.out()).path("version").asInt()).isEqualTo(2);
        run("msg", "send", "b", "is fencing done?", "--from", "a");

        assertThat(run("kb", "read", "design/locks").out()).isEqualTo("Fencing tokens strictly increase.\n");
        assertThat(run("kb", "read", "design/locks", "--version", "1").out())
                .isEqualTo("Locks carry fencing tokens.\n");
        assertThat(run("kb", "list").out())
                .isEqualTo("TOPIC         VERSION  CHARS  UPDATED\n" + "design/locks  2        34     "
                        + CoordFixtures.json(v2.out()).path("writtenAt").asText() + "\n");

        CliHarness.Result search = run("kb", "search", "fencing", "tokens", "--json");
        JsonNode hits = CoordFixtures.json(search.out()).path("hits");
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).path("kind").asText()).isEqualTo("topic");
        assertThat(hits.get(0).path("snippet").asText()).isEqualTo("[Fencing] [tokens] strictly increase.");
        assertThat(hits.get(1).path("kind").asText()).isEqualTo("message");
        assertThat(run("kb", "search", "fencing", "--kind", "message").out())
                .startsWith("KIND     ID     SCORE")
                .contains("is [fencing] done?");
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() {
        run("kb", "write", "keep", "x");
        Map<String, Long> before = CoordFixtures.counts(dir);
        record Case(List<String> args, int exit, String says) {}
        List<Case> cases = List.of(
                new Case(List.of("kb", "write", "..%2Fescape", "x"), 2, "percent-encoding is not decoded"),
                new Case(List.of("kb", "write", "../escape", "x"), 2, "'..' component"),
                new Case(List.of("kb", "write", "/etc/passwd", "x"), 2, "absolute path"),
                new Case(List.of("kb", "write", "a\\b", "x"), 2, "backslash"),
                new Case(List.of("kb", "write", "ok", "nul\u0000"), 2, "NUL"),
                new Case(List.of("kb", "write", "ok", "x", "--agent", "ghost"), 3, "unknown agent 'ghost'"),
                new Case(List.of("kb", "read", "nope"), 3, "no topic 'nope'"),
                new Case(List.of("kb", "read", "keep", "--version", "-1"), 2, "--version -1"),
                new Case(List.of("kb", "read", "keep", "--version", "9"), 3, "no version 9"),
                new Case(List.of("kb", "search", "x", "--kind", "file"), 2, "unknown kind 'file'"),
                new Case(List.of("kb", "search", "?!", "..."), 2, "no words"));
        for (Case k : cases) {
            CliHarness.Result r = run(k.args().toArray(String[]::new));
            assertThat(r.exitCode()).as(k.args() + ": " + r.err()).isEqualTo(k.exit());
            assertThat(r.err()).startsWith("dispatch: ").contains(k.says()).doesNotContain("Exception");
        }
        System.setIn(new ByteArrayInputStream(new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'}));
        assertThat(run("kb", "write", "ok", "-").err()).contains("stdin is not valid UTF-8");
        assertThat(CoordFixtures.counts(dir)).isEqualTo(before);
    }
}
