package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    static final String USER =
            """
            providers:
              anthropic: { type: anthropic }
            keys:
              - { id: work, provider: anthropic, env: ANTHROPIC_API_KEY }
              - { id: home, provider: anthropic, api_key: sk-canary-123 }
            models:
              - { id: sonnet, provider: anthropic, name: claude-sonnet-4-5 }
            default_model: sonnet
            """;

    @TempDir
    Path tmp;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(tmp);
    }

    @Test
    void showListsValuesWithOriginsAndRedactsSecrets() {
        Path user = fx.userConfig(USER);
        fx.projectConfig("journal:\n  retention: 3d\n");
        fx.env.put("DISPATCH_STORE_LOCK_WAIT", "20s");
        var r = fx.run("config", "show", "--set", "daemon.port=0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("sk-canary-123");
        assertThat(lineOf(r.out(), "default_model")).matches("default_model +sonnet +" + user + ":8:16");
        assertThat(lineOf(r.out(), "journal.retention")).matches("journal.retention +3d +dispatch.yaml:2:14");
        assertThat(lineOf(r.out(), "store.lock_wait")).matches("store.lock_wait +20s +env DISPATCH_STORE_LOCK_WAIT");
        assertThat(lineOf(r.out(), "daemon.port")).matches("daemon.port +0 +flag --set daemon.port");
        assertThat(lineOf(r.out(), "permissions.network")).matches("permissions.network +true +default");
        assertThat(lineOf(r.out(), "keys.work.secret")).contains("*** (env ANTHROPIC_API_KEY)");
        assertThat(lineOf(r.out(), "keys.home.secret")).matches("keys.home.secret +\\*\\*\\* +.*");
        assertThat(r.out().lines().findFirst().orElseThrow()).matches("KEY +VALUE +ORIGIN");
    }

    @Test
    void showJsonHasAStableShape() throws Exception {
        fx.userConfig(USER);
        var r = fx.run("config", "show", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("sk-canary-123");
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("sources")).hasSize(1);
        JsonNode lockWait = find(root, "store.lock_wait");
        assertThat(lockWait.get("value").asText()).isEqualTo("10s");
        assertThat(lockWait.get("origin").asText()).isEqualTo("default");
        assertThat(lockWait.get("secret").asBoolean()).isFalse();
        assertThat(find(root, "daemon.port").get("value").isNumber()).isTrue();
        assertThat(find(root, "keys.home.secret").get("value").asText()).isEqualTo("***");
        assertThat(find(root, "keys.home.secret").get("secret").asBoolean()).isTrue();
        assertThat(find(root, "permissions.deny").get("value").isArray()).isTrue();
    }

    @Test
    void showOnABrokenConfigListsProblemsAndFails() {
        fx.projectConfig("modle: x\n");
        var r = fx.run("config", "show");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("dispatch.yaml:1:1: unknown key 'modle' (did you mean 'models'?)\n");
    }

    @Test
    void validatePassesAndNamesTheFiles() {
        Path user = fx.userConfig(USER);
        var r = fx.run("config", "validate");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ok: " + user + "\n");
        assertThat(fx.run("config", "validate", "--data-dir", tmp.resolve("d").toString())
                        .exitCode())
                .isZero();
    }

    @Test
    void validateListsEveryProblemOnePerLine() {
        fx.projectConfig("default_modle: a\ndaemon:\n  port: eighty\nkeys: []\n");
        var r = fx.run("config", "validate");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().toList())
                .hasSize(3)
                .satisfiesExactly(
                        l -> assertThat(l)
                                .startsWith(
                                        "dispatch.yaml:1:1: unknown key 'default_modle' (did you mean 'default_model'?)"),
                        l -> assertThat(l)
                                .startsWith("dispatch.yaml:3:9: daemon.port: expected an integer, got 'eighty'"),
                        l -> assertThat(l).startsWith("dispatch.yaml:4:1: 'keys' is not allowed"));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void validateOneFile() {
        CliFixture.write(fx.project.resolve("other/dispatch.yaml"), "providers: {}\n");
        var bad = fx.run("config", "validate", "other/dispatch.yaml");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err())
                .startsWith("other/dispatch.yaml:1:1: 'providers' is not allowed")
                .contains("CVE-2026-21852");
        CliFixture.write(fx.project.resolve("other/user.yaml"), "providers: {}\n");
        var ok = fx.run("config", "validate", "other/user.yaml");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("ok: other/user.yaml\n");
        var missing = fx.run("config", "validate", "nope.yaml");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(missing.err()).contains("no such file: nope.yaml");
    }

    @Test
    void badSetFlagIsAUsageError() {
        var r = fx.run("config", "show", "--set", "noequals");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("--set expects KEY=VALUE, got 'noequals'");
    }

    @Test
    void helpListsTheNewCommands() {
        var root = fx.run("--help");
        assertThat(root.out()).contains("config").contains("doctor");
        var config = fx.run("config");
        assertThat(config.exitCode()).isZero();
        assertThat(config.out()).contains("show").contains("validate").contains("DISPATCH_A_B_C");
    }

    private static String lineOf(String out, String key) {
        return out.lines()
                .filter(l -> l.startsWith(key + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(key + " not in\n" + out))
                .stripTrailing();
    }

    private static JsonNode find(JsonNode root, String key) {
        for (JsonNode n : root.get("settings")) if (n.get("key").asText().equals(key)) return n;
        throw new AssertionError(key + " missing");
    }
}
