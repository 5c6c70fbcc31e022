package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.shell.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A summoned child's shell sandbox, with the agent running inside a daemon started by {@code dispatch
 * daemon start} and its prompts answered "once" from a second shell ({@code dispatch permission reply}):
 * a read-only child's {@code sh -c 'echo x > ro.txt'} leaves no file on disk, and a child granted
 * {@code write:src} writes {@code src/} and nothing else. The same gate and tool run in-process
 * ({@code tool/ChildSandboxTest}).
 */
@Tag("slow")
class ChildSandboxDaemonTest {
    @Test
    void aChildsSandboxWritesOnlyItsOwnGrantsInsideADaemon() throws Exception {
        Sandbox sandbox = Sandbox.detect(System.getenv("PATH"));
        if (!sandbox.status().sandboxed()) {
            dev.dispatch.Prerequisite.missing("DISPATCH_REQUIRE_SANDBOX", "bubblewrap does not work here");
        }
        Path home = ScriptedHome.create("csd-");
        Path project = Files.createDirectories(Path.of("/var/tmp").resolve("csd-" + System.nanoTime()));
        Files.createDirectories(project.resolve("src"));
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            server.forConversation("ORCH")
                    .replyToolCalls(call(
                            "c1",
                            "summon_agent",
                            "{\"task\":\"ROCHILD write\",\"name\":\"ro\",\"permissions\":[\"read:.\"]}"))
                    .replyToolCalls(call("c2", "wait_agents", "{\"timeout\":120}"))
                    .replyToolCalls(call(
                            "c3",
                            "summon_agent",
                            "{\"task\":\"SRCCHILD write\",\"name\":\"src\",\"permissions\":[\"write:src\"]}"))
                    .replyToolCalls(call("c4", "wait_agents", "{\"timeout\":120}"))
                    .replyText("orch done");
            server.forConversation("ROCHILD")
                    .replyToolCalls(call("r1", "run_shell", "{\"command\":\"sh -c 'echo x > ro.txt'\"}"))
                    .replyText("ro done");
            server.forConversation("SRCCHILD")
                    .replyToolCalls(
                            call("s1", "run_shell", "{\"command\":\"sh -c 'echo y > src/in.txt; echo z > out.txt'\"}"))
                    .replyText("src done");
            var started = DispatchProcess.run(home, project, Map.of(), "daemon", "start", "--no-port");
            assertThat(started.exit()).as(started.err()).isZero();
            Path out = home.resolve("run.jsonl");
            List<String> args =
                    List.of("run", "--permission-mode", "ask", "--output-format", "stream-json", "ORCH two children");
            try (TmuxPane run = TmuxPane.start(home, project, 200, 40, List.of(), args, "> " + out)) {
                Set<String> answered = new HashSet<>();
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (answered.size() < 2 && System.nanoTime() < deadline) {
                    for (JsonNode l : lines(out)) {
                        String id = l.path("request_id").asText();
                        if (l.path("type").asText().equals("permission_request") && answered.add(id)) {
                            var reply = DispatchProcess.run(home, project, Map.of(), "permission", "reply", id, "once");
                            assertThat(reply.exit()).as(reply.err()).isZero();
                        }
                    }
                    Thread.sleep(100);
                }
                assertThat(answered).hasSize(2);
                assertThat(run.awaitExit()).as("pane:%n%s", run.text()).isZero();
            }
            assertThat(project.resolve("ro.txt")).doesNotExist();
            assertThat(project.resolve("src/in.txt")).hasContent("y");
            assertThat(project.resolve("out.txt")).doesNotExist();
        } finally {
            DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
            ScriptedHome.delete(home);
            ScriptedHome.delete(project);
        }
    }

    private static List<JsonNode> lines(Path out) throws Exception {
        if (!Files.exists(out)) return List.of();
        List<JsonNode> all = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            if (l.isBlank()) continue;
            try {
                all.add(Json.mapper().readTree(l));
            } catch (Exception partial) {
                // a line still being written
            }
        }
        return all;
    }
}
