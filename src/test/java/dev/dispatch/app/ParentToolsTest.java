package dev.dispatch.app;

import static dev.dispatch.app.TreeScript.idOf;
import static dev.dispatch.app.TreeScript.results;
import static dev.dispatch.app.TreeScript.summon;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parent tools that look at children: {@code agent_status} (status, what each waits for, tokens
 * and cost, by id, by name or all children) and {@code read_agent_tasks} (a child's task list without
 * its conversation). Unknown ids and agents outside the caller's subtree (a sibling, the parent) are
 * clear tool errors.
 */
class ParentToolsTest {
    @TempDir
    Path tmp;

    @Test
    void statusAndTaskListsOfChildrenOnlyForTheirParent() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            Path outside = tmp.resolve("outside.txt");
            server.forConversation("ORCH")
                    .replyToolCalls(summon("KID-A keep a list", "name", "a"), summon("KID-B be quick", "name", "b"))
                    .replyToolCalls(tool("wait_agents", "ids", List.of("b"), "timeout", 30))
                    .replyToolCalls(tool("wait_agents", "ids", List.of("a"), "timeout", 2))
                    .replyToolCalls(
                            tool("agent_status"),
                            tool("agent_status", "ids", List.of("a")),
                            tool("read_agent_tasks", "id", "a"),
                            tool("read_agent_tasks", "id", "agt_000000000000"),
                            tool("agent_status", "ids", List.of("nobody")),
                            tool("read_agent_tasks", "id", ""))
                    .replyToolCalls(tool("wait_agents", "timeout", 30))
                    .replyText("orch done");
            server.forConversation("KID-A")
                    .replyToolCalls(
                            tool("task_list", "action", "add", "title", "grep the sources"),
                            tool("task_list", "action", "add", "title", "write the summary"))
                    .replyToolCalls(tool("write_file", "path", outside.toString(), "content", "x"))
                    .replyText("a done");
            server.forConversation("KID-B")
                    .replyToolCalls(tool("read_agent_tasks", "id", "a"), tool("agent_status", "ids", List.of("main")))
                    .replyText("b done");

            var root = fx.start("ORCH look at the children");
            String a = idOf(fx, "a");
            String b = idOf(fx, "b");
            // the checks run while a waits for the person; then the person refuses and all finish
            fx.await(
                    RuntimeEvents.ToolCallFinished.class,
                    f -> f.agentId().equals(root.agentId()) && f.tool().equals("read_agent_tasks"));
            var asked = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.agentId().equals(a));
            await(fx, root.agentId(), "read_agent_tasks", 3);
            fx.submit(new SessionOps.ReplyPermission(asked.requestId(), PermissionAnswer.DENY, ""));
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);

            var status = results(fx, root.agentId(), "agent_status");
            JsonNode all = Json.mapper().readTree(status.get(0).result());
            assertThat(all).hasSize(2);
            JsonNode na = find(all, a);
            JsonNode nb = find(all, b);
            assertThat(na.path("status").asText()).isEqualTo("waiting_user");
            assertThat(na.path("waiting_for").asText()).contains("permission " + asked.requestId());
            assertThat(na.path("parent").asText()).isEqualTo(root.agentId());
            assertThat(na.path("depth").asInt()).isEqualTo(1);
            assertThat(nb.path("status").asText()).isEqualTo("done");
            assertThat(nb.path("tokens").asLong()).isPositive();
            assertThat(nb.path("cost_usd").asDouble()).isPositive();
            JsonNode one = Json.mapper().readTree(status.get(1).result());
            assertThat(one)
                    .singleElement()
                    .satisfies(n -> assertThat(n.path("id").asText()).isEqualTo(a));

            var tasks = results(fx, root.agentId(), "read_agent_tasks");
            assertThat(tasks.get(0).failed()).isFalse();
            JsonNode list = Json.mapper().readTree(tasks.get(0).result());
            assertThat(list).hasSize(2);
            assertThat(list.get(0).path("title").asText()).isEqualTo("grep the sources");
            assertThat(list.get(1).path("status").asText()).isEqualTo("pending");
            // the list, not the conversation: neither the child's task nor its answer
            assertThat(tasks.get(0).result()).doesNotContain("KID-A").doesNotContain("outside.txt");
            assertThat(tasks.get(1).failed()).isTrue();
            assertThat(tasks.get(1).result())
                    .contains("'agt_000000000000' is not one of your descendants")
                    .contains("a (" + a + ")")
                    .contains("b (" + b + ")");
            assertThat(status.get(2).failed()).isTrue();
            assertThat(status.get(2).result()).contains("'nobody' is not one of your descendants");
            assertThat(tasks.get(2).failed()).isTrue();
            assertThat(tasks.get(2).result()).contains("name an agent by its id");

            // a sibling's list and the parent's status are not b's to read
            var bTasks = results(fx, b, "read_agent_tasks");
            assertThat(bTasks.get(0).failed()).isTrue();
            assertThat(bTasks.get(0).result()).contains("'a' is not one of your descendants");
            var bStatus = results(fx, b, "agent_status");
            assertThat(bStatus.get(0).failed()).isTrue();
            assertThat(bStatus.get(0).result()).contains("'main' is not one of your descendants");
        }
    }

    private static void await(EngineFixture fx, String agent, String tool, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (results(fx, agent, tool).size() < count) {
            if (System.nanoTime() > deadline) throw new AssertionError("fewer than " + count + " " + tool + " results");
            Thread.sleep(20);
        }
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) if (n.path("id").asText().equals(id)) return n;
        throw new AssertionError("no " + id + " in " + array);
    }
}
