package dev.dispatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The set-up path end to end with the official MCP Inspector's CLI: {@code dispatch mcp install json}
 * (a real process, finding a {@code dispatch} launcher on PATH) prints a config; {@code mcp-inspector
 * --cli --config} starts the server from exactly that entry and lists its tools, then calls one.
 */
class McpInspectorTest {
    Path home;

    @BeforeEach
    void home() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "mi-");
    }

    @AfterEach
    void clean() throws Exception {
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String run(List<String> cmd, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().put("DISPATCH_HOME", home.resolve("dh").toString());
        pb.environment().put("DISPATCH_NO_DAEMON", "1");
        pb.environment().remove("DISPATCH_AGENT_TOKEN");
        pb.environment().put("PATH", path);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(done).as("%s finished; stderr: %s", cmd, stderr).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, stderr).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void theInspectorListsAndCallsToolsFromTheInstalledConfig() throws Exception {
        Path modules = NpmMcp.require("@modelcontextprotocol/inspector");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path bin = home.resolve("bin");
        Files.createDirectories(bin);
        Path launcher = bin.resolve("dispatch");
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                        + "' dev.dispatch.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        String path = bin + ":" + System.getenv("PATH");

        String config = run(List.of(launcher.toString(), "mcp", "install", "json", "--space", "insp"), path);
        JsonNode entry = Json.mapper().readTree(config).at("/mcpServers/dispatch");
        assertThat(entry.at("/command").asText()).isEqualTo(launcher.toString());
        assertThat(entry.at("/env/DISPATCH_AGENT_TOKEN").asText()).startsWith("dsp_");
        Path file = home.resolve("mcp.json");
        Files.writeString(file, config);

        Path cli = modules.resolve("@modelcontextprotocol/inspector/cli/build/cli.js");
        List<String> base = new ArrayList<>(
                List.of("node", cli.toString(), "--cli", "--config", file.toString(), "--server", "dispatch"));
        List<String> list = new ArrayList<>(base);
        list.addAll(List.of("--method", "tools/list"));
        JsonNode tools = Json.mapper().readTree(run(list, path)).get("tools");
        assertThat(tools).hasSize(21);
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).contains("task_next", "lock_acquire", "approval_wait", "kb_search");

        List<String> call = new ArrayList<>(base);
        call.addAll(
                List.of("--method", "tools/call", "--tool-name", "task_add", "--tool-arg", "title=from the inspector"));
        JsonNode added = Json.mapper().readTree(run(call, path));
        assertThat(added.at("/isError").asBoolean()).as(added.toString()).isFalse();
        assertThat(added.at("/structuredContent/task/title").asText()).isEqualTo("from the inspector");
        assertThat(added.at("/structuredContent/task/space").asText()).isEqualTo("insp");
    }
}
