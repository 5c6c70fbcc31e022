package dev.dispatch.app;

import static dev.dispatch.app.TreeScript.idOf;
import static dev.dispatch.app.TreeScript.results;
import static dev.dispatch.app.TreeScript.summon;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents that spawn agents, end to end on the engine with a scripted model server that routes each
 * agent's turns by its task: children run in parallel and report back through wait_agents, get
 * unique names, and a detached planner asks the user and writes its plan.
 */
class SummonAgentTest {
    @TempDir
    Path tmp;

    /** Proof 3: 8 children are all in flight at once (their model calls overlap), not one after another. */
    @Test
    void eightChildrenRunInParallelAndReportBack() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            List<ScriptedReply.ToolCall> summons = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                summons.add(summon("KID-" + i + " count the lines", "name", i <= 2 ? "worker" : null));
                server.forConversation("KID-" + i + " ")
                        .reply(ScriptedReply.text("kid " + i + " done").headerDelay(Duration.ofMillis(400)));
            }
            server.forConversation("ORCH")
                    .replyToolCalls(summons.toArray(ScriptedReply.ToolCall[]::new))
                    .replyToolCalls(tool("wait_agents", "timeout", 60))
                    .replyText("all eight done");

            var root = fx.start("ORCH split the work");
            var done = fx.awaitFinished(root.agentId());
            assertThat(done.status()).isEqualTo(AgentStatus.DONE);
            assertThat(done.result()).isEqualTo("all eight done");

            // each summon returned a handle at once: {"id","name","status"}
            List<RuntimeEvents.ToolCallFinished> handles = results(fx, root.agentId(), "summon_agent");
            assertThat(handles).hasSize(8).allSatisfy(h -> assertThat(h.failed())
                    .isFalse());
            JsonNode first = Json.mapper().readTree(handles.get(0).result());
            assertThat(first.get("id").asText()).startsWith("agt_");
            assertThat(first.get("status").asText()).isIn("running", "done");
            List<String> names = new ArrayList<>();
            for (var h : handles)
                names.add(Json.mapper().readTree(h.result()).get("name").asText());
            assertThat(names)
                    .doesNotHaveDuplicates()
                    .contains("worker", "worker-2", "kid-3-count-the", "kid-8-count-the");

            // every child's final answer came back to the parent as the wait_agents result
            JsonNode waited = Json.mapper()
                    .readTree(results(fx, root.agentId(), "wait_agents").get(0).result());
            assertThat(waited.get("finished")).hasSize(8);
            assertThat(waited.get("still_running")).isEmpty();
            assertThat(waited.toString()).contains("kid 1 done").contains("kid 8 done");

            // parallel: the last child call arrived before the first child call was answered
            var kids = server.timings().stream()
                    .filter(t -> t.marker() != null && t.marker().startsWith("KID-"))
                    .toList();
            assertThat(kids).hasSize(8);
            long lastArrival = kids.stream()
                    .mapToLong(ScriptedModelServer.Timing::arrived)
                    .max()
                    .orElseThrow();
            long firstEnd = kids.stream()
                    .mapToLong(ScriptedModelServer.Timing::ended)
                    .min()
                    .orElseThrow();
            assertThat(lastArrival).as("all 8 children in flight together").isLessThan(firstEnd);

            // the tree as the operator sees it
            var tree = fx.submit(new SessionOps.ListAgents()).agents();
            assertThat(tree).hasSize(9);
            assertThat(tree.stream().filter(a -> root.agentId().equals(a.parentAgentId())))
                    .hasSize(8)
                    .allSatisfy(a -> assertThat(a.depth()).isEqualTo(1));
        }
    }

    /** Proof 1 (engine): a detached planner asks two questions, gets the answers, writes plan.md, reports back. */
    @Test
    void aDetachedPlannerAsksTheUserAndReportsBack() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            server.forConversation("ORCH")
                    .replyToolCalls(summon("PLAN the release", "name", "planner", "detached", true))
                    .replyToolCalls(tool("wait_agents", "timeout", 60))
                    .replyText("the plan is ready");
            server.forConversation("PLAN the release")
                    .replyToolCalls(tool("ask_user", "question", "Which version?", "options", List.of("1.0", "2.0")))
                    .replyToolCalls(tool("ask_user", "question", "Which date?"))
                    .replyToolCalls(tool("write_file", "path", "plan.md", "content", "release plan"))
                    .replyText("plan.md written");

            var root = fx.start("ORCH plan with a detached planner");
            for (String answer : List.of("2.0", "Friday")) {
                var q = fx.await(
                        RuntimeEvents.QuestionAsked.class, e -> fx.of(RuntimeEvents.QuestionAnswered.class).stream()
                                .noneMatch(a -> a.questionId().equals(e.questionId())));
                assertThat(q.ancestry()).isEqualTo("main › planner");
                fx.submit(new SessionOps.AnswerQuestion(q.questionId(), answer));
            }
            var done = fx.awaitFinished(root.agentId());
            assertThat(done.status()).isEqualTo(AgentStatus.DONE);
            assertThat(Files.readString(fx.project.resolve("plan.md"))).isEqualTo("release plan");
            String planner = idOf(fx, "planner");
            assertThat(results(fx, planner, "ask_user"))
                    .extracting(RuntimeEvents.ToolCallFinished::result)
                    .anySatisfy(r -> assertThat(r).contains("\"answer\":\"2.0\""))
                    .anySatisfy(r -> assertThat(r).contains("\"answer\":\"Friday\""));
            assertThat(results(fx, root.agentId(), "wait_agents").get(0).result())
                    .contains("plan.md written");
            // answering twice is a conflict, an unknown id not found
            String asked = fx.of(RuntimeEvents.QuestionAsked.class).get(0).questionId();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> fx.submit(new SessionOps.AnswerQuestion(asked, "again")))
                    .hasMessageContaining("already answered");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> fx.submit(new SessionOps.AnswerQuestion("q_nope", "x")))
                    .hasMessageContaining("no open question 'q_nope'");
            // the planner was offered ask_user (but not summon_agent: it was not granted), the root not ask_user
            assertThat(toolsOffered(server, "PLAN the release"))
                    .contains("ask_user")
                    .doesNotContain("summon_agent");
            assertThat(toolsOffered(server, "ORCH")).contains("summon_agent").doesNotContain("ask_user");
        }
    }

    /** A permission prompt names the asking agent's place in the tree; a second root is not "main" again. */
    @Test
    void promptsNameTheAncestryAndRootsGetUniqueNames() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            Path outside = tmp.resolve("outside.txt");
            server.forConversation("FIRST").replyText("hi");
            server.forConversation("SECOND")
                    .replyToolCalls(tool("write_file", "path", outside.toString(), "content", "x"))
                    .replyText("asked");
            var first = fx.start("FIRST root");
            fx.awaitFinished(first.agentId());
            var second = fx.submit(SessionOps.StartAgent.of("SECOND root", fx.project.toString())
                    .withPermissionMode("ask"));
            var asked = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.agentId().equals(second.agentId()));
            assertThat(asked.ancestry()).isEqualTo("main-2");
            fx.submit(new SessionOps.ReplyPermission(
                    asked.requestId(), dev.dispatch.protocol.PermissionAnswer.DENY, "no"));
            assertThat(fx.awaitFinished(second.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(Files.exists(outside)).isFalse();
        }
    }

    static List<String> toolsOffered(ScriptedModelServer server, String marker) {
        for (var r : server.requests()) {
            JsonNode msgs = r.json().path("messages");
            if (msgs.size() > 0 && msgs.get(0).toString().contains(marker)) {
                List<String> out = new ArrayList<>();
                r.json().path("tools").forEach(t -> out.add(t.get("name").asText()));
                return out;
            }
        }
        throw new AssertionError("no request of conversation " + marker);
    }
}
