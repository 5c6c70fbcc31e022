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

class LockCommandTest {
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
    void acquireConflictRenewReleaseRoundTrip() {
        CliHarness.Result first =
                run("lock", "acquire", "src/**", "docs/a.md", "--agent", "a", "--ttl", "120", "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode lock = CoordFixtures.json(first.out()).path("lock");
        assertThat(CoordFixtures.json(first.out()).path("granted")).hasSize(2);
        assertThat(lock.path("id").asText()).startsWith("lock_");
        long token = lock.path("token").asLong();
        assertThat(token).isPositive();
        assertThat(lock.path("mode").asText()).isEqualTo("exclusive");

        CliHarness.Result clash = run("lock", "acquire", "src/Main.java", "--agent", "b");
        assertThat(clash.exitCode()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(clash.out())
                .startsWith("PATTERN        HELD BY  LOCK")
                .contains("src/Main.java  a        " + lock.path("id").asText());
        assertThat(clash.err()).contains("1 conflict(s); nothing was granted");

        CliHarness.Result clashJson = run("lock", "acquire", "src/Main.java", "--agent", "b", "--json");
        assertThat(clashJson.exitCode()).isEqualTo(4);
        JsonNode c = CoordFixtures.json(clashJson.out()).path("conflicts").get(0);
        assertThat(c.path("holder").asText()).isEqualTo("a");
        assertThat(c.path("expiresAt").asText())
                .isEqualTo(lock.path("expiresAt").asText());

        String id = lock.path("id").asText();
        CliHarness.Result stranger = run("lock", "release", id, "--agent", "b", "--token", String.valueOf(token));
        assertThat(stranger.exitCode()).isEqualTo(4);
        assertThat(stranger.err()).contains("only the holder may release");

        CliHarness.Result renew =
                run("lock", "renew", id, "--agent", "a", "--token", String.valueOf(token), "--ttl", "60");
        assertThat(renew.exitCode()).as(renew.err()).isZero();
        assertThat(renew.out()).startsWith("renewed " + id + " (token " + token + ")");

        CliHarness.Result list = run("lock", "list");
        assertThat(list.out()).startsWith("LOCK").contains(id).contains("src/** docs/a.md");

        CliHarness.Result release =
                run("lock", "release", id, "--agent", "a", "--token", String.valueOf(token), "--json");
        assertThat(CoordFixtures.json(release.out()).path("state").asText()).isEqualTo("released");
        assertThat(run("lock", "list", "--json").out()).isEqualTo("{\"locks\":[]}\n");
        CliHarness.Result second =
                run("lock", "acquire", "src/Main.java", "--agent", "b", "--shared", "--task", "task_9", "--json");
        assertThat(second.exitCode()).isZero();
        assertThat(CoordFixtures.json(second.out()).path("lock").path("token").asLong())
                .isGreaterThan(token);
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() {
        run("lock", "acquire", "keep", "--agent", "a");
        Map<String, Long> before = CoordFixtures.counts(dir);
        record Case(List<String> args, int exit, String says) {}
        List<Case> cases = List.of(
                new Case(List.of("lock", "acquire", "x", "--agent", "ghost"), 3, "unknown agent 'ghost'"),
                new Case(List.of("lock", "acquire", "x", "--agent", "a", "--ttl", "-5"), 2, "ttl -5"),
                new Case(List.of("lock", "acquire", "x", "--agent", "a", "--ttl", "abc"), 2, "abc"),
                new Case(List.of("lock", "acquire", "../etc", "--agent", "a"), 2, "'..'"),
                new Case(List.of("lock", "acquire", "x".repeat(300), "--agent", "a"), 2, "limit is 200"),
                new Case(List.of("lock", "acquire", "a\u0000b", "--agent", "a"), 2, "NUL"),
                new Case(List.of("lock", "acquire", "--agent", "a"), 2, "RESOURCE|GLOB"),
                new Case(
                        List.of("lock", "renew", "lock_nope", "--agent", "a", "--token", "3"),
                        3,
                        "no lock 'lock_nope'"),
                new Case(List.of("lock", "release", "lock_nope", "--agent", "a", "--token", "-3"), 2, "token -3"),
                new Case(List.of("lock", "list", "--bogus"), 2, "--bogus"));
        for (Case k : cases) {
            CliHarness.Result r = run(k.args().toArray(String[]::new));
            assertThat(r.exitCode()).as(k.args() + ": " + r.err()).isEqualTo(k.exit());
            assertThat(r.err())
                    .as(k.args().toString())
                    .startsWith("dispatch: ")
                    .contains(k.says())
                    .doesNotContain("Exception");
        }
        assertThat(CoordFixtures.counts(dir)).isEqualTo(before);
    }
}
