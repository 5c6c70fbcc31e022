package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.config.Dirs;
import dev.dispatch.mcp.NpmMcp;
import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dispatch mcp list} and {@code mcp trust} from a second shell while a daemon owns the engine: a
 * project's server shows as untrusted (and is not started) until trusted, then runs inside the owner with
 * its tools listed; the daemon's stop kills it. Bad names and directories are clear errors.
 */
class McpListCommandTest {
    @TempDir
    Path root;

    CliFixture f;
    dev.dispatch.daemon.Daemon daemon;
    String everything;

    @BeforeEach
    void setUp() throws Exception {
        everything = NpmMcp.require("@modelcontextprotocol/server-everything")
                .resolve("@modelcontextprotocol/server-everything/dist/index.js")
                .toString();
        f = new CliFixture(root);
        f.env.put("DISPATCH_NO_DAEMON", "1");
        Dirs dirs = Dirs.resolve(f.env);
        daemon = dev.dispatch.daemon.Daemon.start(
                dirs,
                new dev.dispatch.daemon.ServerConfig(
                        dirs.socket(),
                        dev.dispatch.daemon.ServerConfig.NO_PORT,
                        dev.dispatch.daemon.ServerConfig.Limits.defaults()),
                "test",
                new dev.dispatch.daemon.DaemonLog(new java.io.StringWriter()));
    }

    @AfterEach
    void tearDown() {
        if (daemon != null) daemon.stop();
    }

    private JsonNode listJson() throws Exception {
        CliHarness.Result r = f.run("mcp", "list", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out()).path("servers");
    }

    private long running() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                .count();
    }

    @Test
    void listsAndTrustsBesideARunningOwner() throws Exception {
        CliHarness.Result none = f.run("mcp", "list");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).contains("no MCP servers");

        f.projectConfig("mcp_servers:\n  ev: { command: node, args: [\"" + everything + "\", \"stdio\"] }\n");
        JsonNode ev = listJson().get(0);
        assertThat(ev.path("name").asText()).isEqualTo("ev");
        assertThat(ev.path("declaredIn").asText()).isEqualTo("project");
        assertThat(ev.path("status").asText()).isEqualTo("untrusted");
        assertThat(ev.path("trusted").asBoolean()).isFalse();
        assertThat(running()).isZero();
        CliHarness.Result text = f.run("mcp", "list");
        assertThat(text.out()).contains("ev").contains("untrusted").contains("dispatch mcp trust ev");

        CliHarness.Result trust = f.run("mcp", "trust", "ev");
        assertThat(trust.exitCode()).as(trust.err()).isZero();
        assertThat(trust.out()).contains("trusted MCP server 'ev'").contains(everything);
        assertThat(Files.readString(Dirs.resolve(f.env).state().resolve("mcp-trust.json")))
                .contains(f.project.toRealPath().toString());

        ev = listJson().get(0);
        assertThat(ev.path("status").asText()).as(ev.toString()).isEqualTo("running");
        assertThat(ev.path("tools").findValuesAsText("name")).contains("ev__echo", "ev__get-sum");
        assertThat(running()).isEqualTo(1);
        assertThat(f.run("mcp", "list").out()).contains("running").contains("ev__echo");

        CliHarness.Result missing = f.run("mcp", "trust", "nope");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no MCP server 'nope'").contains("[ev]");
        CliHarness.Result badDir =
                f.run("mcp", "trust", "ev", "--project", root.resolve("absent").toString());
        assertThat(badDir.exitCode()).isEqualTo(2);
        assertThat(badDir.err()).contains("--project").contains("no such directory");

        daemon.stop();
        daemon = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (running() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(running()).as("the MCP server outlived the daemon").isZero();
    }
}
