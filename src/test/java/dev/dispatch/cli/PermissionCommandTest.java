package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dispatch permission …} and {@code dispatch run --permission-mode} end to end. */
class PermissionCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    ScriptedModelServer server;
    Path config;

    static final String MODELS =
            """
            providers:
              scripted: { type: anthropic, base_url: "%s" }
            keys:
              - { id: test, provider: scripted, env: SCRIPTED_KEY }
            models:
              - { id: fast, provider: scripted, name: claude-scripted }
            default_model: fast
            """;

    @BeforeEach
    void setUp() throws Exception {
        server = ScriptedModelServer.start();
        config = home.resolve("config/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, MODELS.formatted(server.baseUrl()));
    }

    @AfterEach
    void tearDown() {
        server.close();
        PermissionPrompt.uid = () -> 0;
    }

    CliHarness.Result run(String... args) {
        var env = new Environment.Snapshot(
                Map.of(
                        "DISPATCH_HOME",
                        home.toString(),
                        "SCRIPTED_KEY",
                        ScriptedModelServer.CANARY_KEY,
                        "HOME",
                        home.toString(),
                        "PATH",
                        System.getenv("PATH")),
                project);
        return Environment.with(env, () -> CliHarness.run(args));
    }

    @Test
    void aHeadlessRunDeniesWhatWouldAskAndTheLogShowsEveryDecision() throws Exception {
        Files.writeString(project.resolve("a.txt"), "inside\n");
        server.replyToolCalls(
                        call("c1", "read_file", "{\"path\":\"a.txt\"}"),
                        call("c2", "read_file", "{\"path\":\"/etc/hosts\"}"))
                .replyText("done");
        var r = run("run", "--output-format", "json", "read things");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String agent = Json.mapper().readTree(r.out()).get("agent_id") != null
                ? Json.mapper().readTree(r.out()).get("agent_id").asText()
                : null;
        assertThat(server.requests().get(1).body()).contains("permission mode is 'deny'");
        var log = run("permission", "log", "--json");
        assertThat(log.exitCode()).as(log.err()).isZero();
        JsonNode decisions = Json.mapper().readTree(log.out()).get("decisions");
        assertThat(decisions).hasSize(2);
        assertThat(decisions.get(0).get("outcome").asText()).isEqualTo("allow");
        assertThat(decisions.get(0).get("decidedBy").asText()).isEqualTo("root");
        assertThat(decisions.get(1).get("outcome").asText()).isEqualTo("deny");
        assertThat(decisions.get(1).get("decidedBy").asText()).isEqualTo("mode");
        assertThat(decisions.get(1).get("tool").asText()).isEqualTo("read_file");
        assertThat(decisions.get(1).get("paths").get(0).asText()).isEqualTo("/etc/hosts");
        String agentId = decisions.get(0).get("agentId").asText();
        if (agent != null) assertThat(agentId).isEqualTo(agent);
        var text = run("permission", "log", "--agent", agentId);
        assertThat(text.out()).contains(agentId).contains("deny").contains("/etc/hosts");
        assertThat(run("permission", "log", "--agent", "agt_other").out()).contains("no permission decisions recorded");
    }

    @Test
    void askWithoutATerminalFallsBackToDenyAndSaysSo() {
        server.replyText("ok");
        var r = run("run", "--permission-mode", "ask", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("--permission-mode ask needs a terminal").contains("running with deny");
    }

    @Test
    void bypassIsRefusedAsRootUnlessIKnowAndWarnsLoudly() {
        PermissionPrompt.uid = () -> 0;
        var refused = run("run", "--permission-mode", "bypass", "hi");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.err())
                .contains("refusing --permission-mode bypass as root")
                .contains("--i-know");
        assertThat(server.requests()).isEmpty();
        server.replyText("ok");
        var allowed = run("run", "--permission-mode", "bypass", "--i-know", "hi");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.err()).contains("WARNING: --permission-mode bypass");
        PermissionPrompt.uid = () -> 1000;
        server.replyText("ok");
        var user = run("run", "--permission-mode", "bypass", "hi");
        assertThat(user.exitCode()).as(user.err()).isZero();
        assertThat(user.err()).contains("WARNING");
    }

    @Test
    void anUnknownModeIsAUsageError() {
        var r = run("run", "--permission-mode", "yolo", "hi");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("'yolo' is not a permission mode").contains("accept-edits");
    }

    @Test
    void listShowsRulesWithWhereTheyAreWrittenAndRevokeRemovesOne() throws Exception {
        Files.writeString(
                config,
                MODELS.formatted(server.baseUrl())
                        + "permissions:\n  auto_allow:\n    - /srv/data\n  deny: ['git push*']\n");
        Files.writeString(project.resolve("dispatch.yaml"), "permissions:\n  deny:\n    - ./secrets/**\n");
        var list = run("permission", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out())
                .contains("auto_allow")
                .contains("/srv/data")
                .contains(config + ":10")
                .contains("git push*")
                .contains(config + ":11")
                .contains("./secrets/**")
                .contains("project")
                .contains(project.resolve("dispatch.yaml") + ":3");
        JsonNode json = Json.mapper()
                .readTree(run("permission", "list", "--json").out())
                .get("rules");
        assertThat(json).hasSize(3);
        var revoked = run("permission", "revoke", "/srv/data");
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("removed auto_allow rule '/srv/data'");
        assertThat(Files.readString(config))
                .doesNotContain("/srv/data")
                .contains("git push*")
                .contains("default_model: fast");
        var missing = run("permission", "revoke", "/srv/data");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(missing.err()).contains("no rule '/srv/data'").contains("git push*");
    }

    @Test
    void replyToAnUnknownRequestIsNotFoundAndABadAnswerIsUsage() {
        var r = run("permission", "reply", "perm_123", "once");
        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(r.err()).contains("no open permission request 'perm_123'");
        var bad = run("permission", "reply", "perm_123", "maybe");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(bad.err()).contains("'maybe' is not an answer");
    }

    @Test
    void aMalformedPermissionConfigIsAStartupErrorNamingFileAndLine() throws Exception {
        Files.writeString(config, MODELS.formatted(server.baseUrl()) + "permissions:\n  auto_allow: 5\n");
        var r = run("run", "hi");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("config.yaml:9:").contains("permissions.auto_allow");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void doctorSaysWhetherShellCommandsAreSandboxed() {
        var r = run("doctor");
        assertThat(r.out()).contains("sandbox").contains("sandboxed (bubblewrap");
    }
}
