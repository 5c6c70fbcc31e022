package dev.dispatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP client against a hand-written stdio server (plain node, no packages): it accepts an older
 * revision the server answers with, answers the server's ping and ignores its notifications, refuses a
 * revision it does not speak, gives up on a silent server at its timeout, and reports a crash mid-call
 * with the exit code and the server's stderr. Also the tool-name rules.
 */
class McpClientTest {
    @TempDir
    Path tmp;

    private StdioClientTransport tiny(String mode) throws Exception {
        NpmMcp.require("@modelcontextprotocol/sdk"); // node itself, with the same skip rule
        Path script = tmp.resolve("tiny-server.js");
        try (InputStream in = getClass().getResourceAsStream("/mcp/tiny-server.js")) {
            Files.write(script, in.readAllBytes());
        }
        return new StdioClientTransport(List.of("node", script.toString(), mode), Map.of(), tmp);
    }

    @Test
    void speaksAnOlderRevisionAnswersPingsAndIgnoresNotifications() throws Exception {
        try (McpClient c = McpClient.connect(tiny("old"), "test", Duration.ofSeconds(10))) {
            assertThat(c.protocolVersion()).isEqualTo("2025-03-26");
            assertThat(c.serverName()).isEqualTo("tiny");
            List<McpClient.ToolInfo> tools = c.listTools(Duration.ofSeconds(5));
            assertThat(tools).extracting(McpClient.ToolInfo::name).containsExactly("hello.world");
            var args = JsonNodeFactory.instance.objectNode().put("who", "you");
            var r = c.callTool("hello.world", args, Duration.ofSeconds(5));
            assertThat(r.path("content").get(0).path("text").asText()).isEqualTo("hi you ping=true");
        }
    }

    @Test
    void refusesARevisionItDoesNotSpeak() throws Exception {
        assertThatThrownBy(() -> McpClient.connect(tiny("future"), "test", Duration.ofSeconds(10)))
                .isInstanceOf(McpClient.Failure.class)
                .hasMessageContaining("2099-01-01")
                .hasMessageContaining("2025-11-25");
    }

    @Test
    void givesUpOnASilentServerAtItsTimeoutAndKillsIt() throws Exception {
        StdioClientTransport t = tiny("silent");
        Instant t0 = Instant.now();
        assertThatThrownBy(() -> McpClient.connect(t, "test", Duration.ofMillis(800)))
                .isInstanceOf(McpClient.Failure.class)
                .hasMessageContaining("no answer to initialize within 800 ms");
        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessHandle.of(t.pid()).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void aCrashMidCallFailsTheCallWithTheExitCodeAndStderr() throws Exception {
        try (McpClient c = McpClient.connect(tiny("crash"), "test", Duration.ofSeconds(10))) {
            Instant t0 = Instant.now();
            assertThatThrownBy(() -> c.callTool("hello.world", null, Duration.ofSeconds(20)))
                    .isInstanceOf(McpClient.Failure.class)
                    .hasMessageContaining("exited with code 3")
                    .hasMessageContaining("tiny: fatal error");
            assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(c.alive()).isFalse();
        }
    }

    @Test
    void toolNamesFitEveryProvider() {
        assertThat(McpToolNames.of("fs", "read_text_file", Set.of())).isEqualTo("fs__read_text_file");
        assertThat(McpToolNames.of("my.server", "hello world/ü", Set.of())).isEqualTo("my_server__hello_world__");
        String longName = McpToolNames.of("s".repeat(40), "t".repeat(40), Set.of());
        assertThat(longName).hasSize(McpToolNames.MAX).matches("[A-Za-z0-9_-]+");
        assertThat(McpToolNames.valid(longName)).isTrue();
        // two tools that clean to the same name stay distinct and stable
        String a = McpToolNames.of("x", "a.b", Set.of());
        String b = McpToolNames.of("x", "a/b", Set.of(a));
        assertThat(a).isEqualTo("x__a_b");
        assertThat(b).isNotEqualTo(a).startsWith("x__a_b_").matches("[A-Za-z0-9_-]+");
        assertThat(McpToolNames.of("x", "a/b", Set.of(a))).isEqualTo(b);
    }
}
