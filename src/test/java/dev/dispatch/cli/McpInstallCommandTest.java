package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch mcp install}: each client's file is written (0600, old one kept as .bak) with a token
 * that really names the registered agent; other servers and tables are kept; a file it cannot merge, a
 * link, a taken agent name or {@code --dry-run} leave no agent and no file change behind.
 */
class McpInstallCommandTest {
    @TempDir
    Path root;

    CliFixture f;
    Path launcher;

    @BeforeEach
    void setUp() throws Exception {
        f = new CliFixture(root);
        f.env.put("DISPATCH_NO_DAEMON", "1");
        f.env.put("CODEX_HOME", root.resolve("codex").toString());
        launcher = root.resolve("bin/dispatch");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    }

    private Engine engine() {
        return Engines.local(Dirs.resolve(f.env), f.env);
    }

    private List<String> agents() {
        try (Engine e = engine()) {
            return e.submit(new AgentOps.ListRegisteredAgents("p")).agents().stream()
                    .map(AgentOps.AgentView::name)
                    .toList();
        }
    }

    private String whoIs(String token) {
        try (Engine e = engine()) {
            AgentOps.AgentView v = e.submit(new AgentOps.IdentifyAgent(token));
            return v.space() + "/" + v.name();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void claudeMergesIntoTheProjectMcpJson() throws Exception {
        Path file = f.project.resolve(".mcp.json");
        String old = "{\"mcpServers\":{\"other\":{\"command\":\"other-server\"}},\"keep\":true}";
        Files.writeString(file, old);
        CliHarness.Result r = f.run("mcp", "install", "claude", "--space", "p");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = Json.mapper().readTree(Files.readString(file));
        assertThat(doc.at("/mcpServers/other/command").asText()).isEqualTo("other-server");
        assertThat(doc.at("/keep").asBoolean()).isTrue();
        JsonNode entry = doc.at("/mcpServers/dispatch");
        assertThat(entry.at("/type").asText()).isEqualTo("stdio");
        assertThat(entry.at("/command").asText()).isEqualTo(launcher.toString());
        assertThat(entry.at("/args").toString()).isEqualTo("[\"mcp\",\"serve\"]");
        assertThat(entry.at("/env/DISPATCH_HOME").asText()).isEqualTo(f.env.get("DISPATCH_HOME"));
        assertThat(whoIs(entry.at("/env/DISPATCH_AGENT_TOKEN").asText())).isEqualTo("p/claude");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(f.project.resolve(".mcp.json.bak"))).isEqualTo(old);
        assertThat(mode(f.project.resolve(".mcp.json.bak"))).isEqualTo("rw-------");
        assertThat(r.err()).contains("registered agent 'claude' in space 'p'").doesNotContain("dsp_");
    }

    @Test
    void codexReplacesOnlyItsOwnTables() throws Exception {
        Path file = root.resolve("codex/config.toml");
        String old = String.join(
                "\n",
                "model = \"o3\" # keep me",
                "",
                "[mcp_servers.other]",
                "command = \"other\"",
                "",
                "[mcp_servers.dispatch]",
                "command = \"/old/dispatch\"",
                "",
                "[mcp_servers.dispatch.env]",
                "DISPATCH_AGENT_TOKEN = \"dsp_old\"",
                "",
                "[profiles.fast]",
                "model = \"o4-mini\"",
                "");
        Files.createDirectories(file.getParent());
        Files.writeString(file, old);
        CliHarness.Result r = f.run("mcp", "install", "codex", "--space", "p", "--agent", "cx");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String now = Files.readString(file);
        assertThat(now)
                .contains("model = \"o3\" # keep me")
                .contains("[mcp_servers.other]\ncommand = \"other\"")
                .contains("[profiles.fast]\nmodel = \"o4-mini\"")
                .contains("command = \"" + launcher + "\"")
                .contains("args = [\"mcp\", \"serve\"]")
                .doesNotContain("/old/dispatch")
                .doesNotContain("dsp_old");
        assertThat(now.split("\\[mcp_servers\\.dispatch\\]", -1)).hasSize(2);
        Matcher m = Pattern.compile("DISPATCH_AGENT_TOKEN = \"(dsp_[^\"]+)\"").matcher(now);
        assertThat(m.find()).isTrue();
        assertThat(whoIs(m.group(1))).isEqualTo("p/cx");
        assertThat(Files.readString(root.resolve("codex/config.toml.bak"))).isEqualTo(old);
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aFileItCannotMergeLeavesNoAgentBehind() throws Exception {
        Path toml = root.resolve("codex/config.toml");
        Files.createDirectories(toml.getParent());
        String inline = "[mcp_servers]\ndispatch = { command = \"x\" }\n";
        Files.writeString(toml, inline);
        CliHarness.Result r = f.run("mcp", "install", "codex", "--space", "p");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(toml.toString()).contains("inline");
        assertThat(Files.readString(toml)).isEqualTo(inline);

        Path json = f.project.resolve(".cursor/mcp.json");
        Files.createDirectories(json.getParent());
        Files.writeString(json, "[1, 2");
        r = f.run("mcp", "install", "cursor", "--space", "p");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(json.toString()).contains("not valid JSON");

        Path target = root.resolve("elsewhere.json");
        Files.writeString(target, "{}");
        Files.createSymbolicLink(f.project.resolve(".mcp.json"), target);
        r = f.run("mcp", "install", "claude", "--space", "p");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("not a regular file");
        assertThat(Files.readString(target)).isEqualTo("{}");
        assertThat(agents()).isEmpty();
    }

    @Test
    void installsBesideARunningOwner() throws Exception {
        Dirs dirs = Dirs.resolve(f.env);
        dev.dispatch.daemon.Daemon daemon = dev.dispatch.daemon.Daemon.start(
                dirs,
                new dev.dispatch.daemon.ServerConfig(
                        dirs.socket(),
                        dev.dispatch.daemon.ServerConfig.NO_PORT,
                        dev.dispatch.daemon.ServerConfig.Limits.defaults()),
                "test",
                new dev.dispatch.daemon.DaemonLog(new java.io.StringWriter()));
        try {
            CliHarness.Result r = f.run("mcp", "install", "json", "--space", "p", "--agent", "owned");
            assertThat(r.exitCode()).as(r.err()).isZero();
            String token = Json.mapper()
                    .readTree(r.out())
                    .at("/mcpServers/dispatch/env/DISPATCH_AGENT_TOKEN")
                    .asText();
            try (var owner =
                    dev.dispatch.client.Daemons.find(dirs, java.util.Map.of()).orElseThrow()) {
                assertThat(owner.submit(new AgentOps.IdentifyAgent(token)).name())
                        .isEqualTo("owned");
            }
        } finally {
            daemon.stop();
        }
    }

    @Test
    void serveRefusesToStartWithoutAnIdentityOrInAnotherSpace() throws Exception {
        CliHarness.Result none = f.run("mcp", "serve");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("DISPATCH_AGENT_TOKEN is not set").contains("mcp install");
        CliHarness.Result r = f.run("mcp", "install", "json", "--space", "p", "--agent", "sv");
        String token = Json.mapper()
                .readTree(r.out())
                .at("/mcpServers/dispatch/env/DISPATCH_AGENT_TOKEN")
                .asText();
        f.env.put("DISPATCH_AGENT_TOKEN", token);
        CliHarness.Result foreign = f.run("mcp", "serve", "--space", "q");
        assertThat(foreign.exitCode()).isEqualTo(2);
        assertThat(foreign.err()).contains("--space q").contains("'sv'");
        CliHarness.Result both = f.run("mcp", "serve", "--operator");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--operator and DISPATCH_AGENT_TOKEN");
        f.env.put("DISPATCH_AGENT_TOKEN", "dsp_forged");
        CliHarness.Result forged = f.run("mcp", "serve");
        assertThat(forged.exitCode()).isNotZero();
        assertThat(forged.err()).contains("matches no registered agent").doesNotContain("dsp_forged");
        assertThat(forged.out()).isEmpty();
    }

    @Test
    void dryRunRegistersAndWritesNothing() throws Exception {
        CliHarness.Result r = f.run("mcp", "install", "cursor", "--space", "p", "--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(McpInstallCommand.TOKEN_PLACEHOLDER).contains("\"mcpServers\"");
        assertThat(f.project.resolve(".cursor/mcp.json")).doesNotExist();
        assertThat(agents()).isEmpty();
    }

    @Test
    void jsonPrintsAnEntryAndATakenNameIsAConflict() throws Exception {
        CliHarness.Result r = f.run("mcp", "install", "json", "--space", "p", "--agent", "j1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = Json.mapper().readTree(r.out());
        assertThat(whoIs(doc.at("/mcpServers/dispatch/env/DISPATCH_AGENT_TOKEN").asText()))
                .isEqualTo("p/j1");
        CliHarness.Result again = f.run("mcp", "install", "json", "--space", "p", "--agent", "j1");
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.err()).contains("--agent NAME");
        assertThat(again.out()).isEmpty();
    }
}
