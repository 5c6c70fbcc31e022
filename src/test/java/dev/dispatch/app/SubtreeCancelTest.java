package dev.dispatch.app;

import static dev.dispatch.app.TreeScript.idOf;
import static dev.dispatch.app.TreeScript.summon;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 5: cancelling a parent stops its whole subtree, and none of their shell processes survives
 * (checked in /proc); a parent that ends in an error takes its children down too.
 */
class SubtreeCancelTest {
    @TempDir
    Path tmp;

    @Test
    void cancellingTheRootStopsTheSubtreeAndItsShells() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            String mark = "sleep 47" + (System.nanoTime() % 1000);
            server.forConversation("ORCH")
                    .replyToolCalls(summon("MID-KID", "name", "mid", "permissions", List.of("summon_subagents")))
                    .replyToolCalls(tool("wait_agents", "timeout", 600))
                    .replyText("never");
            server.forConversation("MID-KID")
                    .replyToolCalls(
                            summon("LEAF-KID", "name", "leaf"),
                            tool("run_shell", "command", mark + " && echo mid", "timeout_seconds", 600))
                    .replyText("never");
            server.forConversation("LEAF-KID")
                    .replyToolCalls(tool("run_shell", "command", mark + " && echo leaf", "timeout_seconds", 600))
                    .replyText("never");

            var root = fx.start("ORCH then cancel");
            String leaf = idOf(fx, "leaf");
            String mid = idOf(fx, "mid");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (processes(mark).size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(processes(mark))
                    .as("both shells running before the cancel; " + fx.of(RuntimeEvents.ToolCallFinished.class))
                    .hasSizeGreaterThanOrEqualTo(2);

            fx.submit(new SessionOps.CancelAgent(root.agentId(), "test"));
            for (String id : List.of(root.agentId(), mid, leaf)) {
                assertThat(fx.awaitFinished(id).status()).as(id).isEqualTo(AgentStatus.CANCELLED);
            }
            deadline = System.nanoTime() + 10_000_000_000L;
            while (!processes(mark).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(processes(mark)).as("no shell process survives").isEmpty();
        }
    }

    @Test
    void aParentsErrorCancelsItsChildren() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            server.forConversation("ORCH")
                    .replyToolCalls(summon("SLOW-KID", "name", "slow"))
                    .replyStatus(400, java.util.Map.of());
            server.forConversation("SLOW-KID")
                    .replyToolCalls(tool("run_shell", "command", "sleep 300", "timeout_seconds", 600))
                    .replyText("never");

            var root = fx.start("ORCH fail");
            String slow = idOf(fx, "slow");
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.ERROR);
            RuntimeEvents.AgentFinished kid = fx.awaitFinished(slow);
            assertThat(kid.status()).isEqualTo(AgentStatus.CANCELLED);
        }
    }

    /** Pids whose command line contains {@code text} (other than this JVM). */
    static List<Long> processes(String text) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmd.contains(text) && !cmd.contains("java"))
                        out.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return out;
    }
}
