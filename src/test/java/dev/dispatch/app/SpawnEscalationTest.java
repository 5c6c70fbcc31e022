package dev.dispatch.app;

import static dev.dispatch.app.TreeScript.idOf;
import static dev.dispatch.app.TreeScript.results;
import static dev.dispatch.app.TreeScript.summon;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 4: every way a tree could grow past what it was given is refused with a clear tool error: a
 * wider path (by {@code ..}, a symlink, a glob), summoning without summon_subagents, detaching below
 * a detached agent, depth max+1 (max allowed), and a tree over its spend cap; the operator's child
 * start meets the same caps. A child's request beyond its grants at run time is put to the person.
 */
class SpawnEscalationTest {
    @TempDir
    Path tmp;

    @Test
    void widerPathsAreRefusedOnRealPaths() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            Files.createDirectories(fx.project.resolve("src"));
            Files.createDirectories(tmp.resolve("secret"));
            Files.createSymbolicLink(fx.project.resolve("src/link"), tmp.resolve("secret"));
            fx.open();
            server.forConversation("ORCH")
                    .replyToolCalls(
                            summon("A1", "permissions", List.of("read:src/../../secret")),
                            summon("A2", "permissions", List.of("read:src/link/**")),
                            summon("A3", "permissions", List.of("write:/**")),
                            summon("A4", "permissions", List.of("read:src/*.java", "write:" + tmp.resolve("secret"))),
                            summon("A5", "permissions", List.of("exec:src")),
                            summon("OK-KID", "permissions", List.of("read:src/**")))
                    .replyToolCalls(tool("wait_agents", "timeout", 30))
                    .replyText("done");
            server.forConversation("OK-KID")
                    .replyToolCalls(tool("read_file", "path", "../secret/x"))
                    .replyText("kid done");
            Files.writeString(tmp.resolve("secret/x"), "top secret");

            var root = fx.start("ORCH try to widen");
            // the narrowed child's read beyond its grant goes to the person (named in its tree), who refuses
            var asked = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.ancestry().equals("main › ok-kid"));
            fx.submit(new SessionOps.ReplyPermission(
                    asked.requestId(), dev.dispatch.protocol.PermissionAnswer.DENY, "not for you"));
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);
            var r = results(fx, root.agentId(), "summon_agent");
            assertThat(r).hasSize(6);
            String secret = tmp.resolve("secret").toRealPath().toString();
            assertThat(r.get(0).failed()).isTrue();
            assertThat(r.get(0).result())
                    .contains("permissions wider than yours")
                    .contains("really " + secret);
            assertThat(r.get(1).result())
                    .contains("permissions wider than yours")
                    .contains("really " + secret);
            assertThat(r.get(2).result()).contains("permissions wider than yours: write:/**");
            assertThat(r.get(3).result())
                    .contains("write:" + tmp.resolve("secret"))
                    .doesNotContain("src/*.java");
            assertThat(r.get(4).result()).contains("is not one of read:PATH, write:PATH, summon_subagents");
            assertThat(r.get(5).failed()).isFalse();
            // nothing was started for the refused ones; the narrowed child cannot read outside its grant
            assertThat(fx.of(RuntimeEvents.AgentStarted.class)).hasSize(2);
            String kid = idOf(fx, "ok-kid");
            assertThat(results(fx, kid, "read_file").get(0).failed()).isTrue();
            assertThat(results(fx, kid, "read_file").get(0).result()).doesNotContain("top secret");
        }
    }

    @Test
    void summoningWithoutThePermissionAndDetachingTwiceAreRefused() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            fx.open();
            server.forConversation("ORCH")
                    .replyToolCalls(
                            summon("PLAIN-KID", "name", "plain"),
                            summon(
                                    "DETACHED-KID",
                                    "name",
                                    "planner",
                                    "detached",
                                    true,
                                    "permissions",
                                    List.of("summon_subagents")))
                    .replyToolCalls(tool("wait_agents", "timeout", 30))
                    .replyText("done");
            server.forConversation("PLAIN-KID")
                    .replyToolCalls(summon("GRAND-1"))
                    .replyText("plain done");
            server.forConversation("DETACHED-KID")
                    .replyToolCalls(
                            summon("GRAND-2", "detached", true),
                            summon("GRAND-3", "permissions", List.of("summon_subagents")))
                    .replyText("planner done");

            var root = fx.start("ORCH escalate");
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);
            var plain = results(fx, idOf(fx, "plain"), "summon_agent");
            assertThat(plain.get(0).failed()).isTrue();
            assertThat(plain.get(0).result()).contains("does not hold the summon_subagents permission");
            var planner = results(fx, idOf(fx, "planner"), "summon_agent");
            assertThat(planner.get(0).result()).contains("may not detach again");
            assertThat(planner.get(1).result()).contains("summon_subagents cannot be granted here");
            assertThat(fx.of(RuntimeEvents.AgentStarted.class)).hasSize(3);
            assertThat(SummonAgentTest.toolsOffered(server, "PLAIN-KID")).doesNotContain("summon_agent");
        }
    }

    /** With subagents.max_depth 2: depth 2 is allowed, depth 3 refused, on the tool and the operator path. */
    @Test
    void depthIsCappedAtTheExactBoundary() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "subagents: { max_depth: 2 }");
            fx.open();
            List<String> grant = List.of("summon_subagents");
            server.forConversation("ORCH")
                    .replyToolCalls(summon("DEPTH-1", "name", "d1", "permissions", grant))
                    .replyToolCalls(tool("wait_agents", "timeout", 30))
                    .replyText("done");
            server.forConversation("DEPTH-1")
                    .replyToolCalls(summon("DEPTH-2", "name", "d2", "permissions", grant))
                    .replyToolCalls(tool("wait_agents", "timeout", 30))
                    .replyText("d1 done");
            server.forConversation("DEPTH-2")
                    .replyToolCalls(summon("DEPTH-3", "name", "d3"))
                    .replyText("d2 done");

            var root = fx.start("ORCH go deep");
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(results(fx, idOf(fx, "d1"), "summon_agent").get(0).failed())
                    .isFalse();
            var deepest = results(fx, idOf(fx, "d2"), "summon_agent").get(0);
            assertThat(deepest.failed()).isTrue();
            assertThat(deepest.result()).contains("depth 3, deeper than subagents.max_depth 2");
            assertThat(fx.submit(new SessionOps.ListAgents()).agents())
                    .extracting(SessionOps.AgentSnapshot::depth)
                    .containsExactlyInAnyOrder(0, 1, 2);

            // the operator's start of a child meets the same cap: under d1 (depth 2) yes, under d2 (depth 3) no
            var ok = fx.submit(SessionOps.StartAgent.of("OP-CHILD hello", fx.project.toString())
                    .withParent(idOf(fx, "d1")));
            assertThat(ok.agentId()).startsWith("agt_");
            server.forConversation("OP-CHILD").replyText("op child done");
            fx.awaitFinished(ok.agentId());
            assertThatThrownBy(() -> fx.submit(SessionOps.StartAgent.of("too deep", fx.project.toString())
                            .withParent(idOf(fx, "d2"))))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("depth 3, deeper than subagents.max_depth 2");
            assertThatThrownBy(() -> fx.submit(SessionOps.StartAgent.of("orphan", fx.project.toString())
                            .withParent("agt_nobody")))
                    .hasMessageContaining("no running agent 'agt_nobody' to be the parent");
        }
    }

    @Test
    void aTreeOverItsSpendCapSpawnsNoMore() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "subagents: { max_tokens: 1000, max_children: 2 }");
            fx.open();
            server.forConversation("ORCH")
                    .replyToolCalls(summon("CHEAP-1"), summon("CHEAP-2"), summon("CHEAP-3"))
                    .replyToolCalls(tool("wait_agents", "timeout", 30))
                    .reply(ScriptedReply.toolCalls(summon("EXPENSIVE")).usage(5000, 10, 0, 0))
                    .replyText("done");
            // slow enough that both are still running when the third summon comes
            server.forConversation("CHEAP-")
                    .reply(ScriptedReply.text("cheap done").headerDelay(java.time.Duration.ofMillis(500)))
                    .reply(ScriptedReply.text("cheap done").headerDelay(java.time.Duration.ofMillis(500)));

            var root = fx.start("ORCH spend");
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);
            var r = results(fx, root.agentId(), "summon_agent");
            assertThat(r.get(0).failed()).isFalse();
            assertThat(r.get(1).failed()).isFalse();
            // max_children 2: the third running child is refused
            assertThat(r.get(2).result()).contains("already has 2 running children, the subagents.max_children cap");
            assertThat(r.get(3).result()).contains("at or over subagents.max_tokens 1000");
            assertThat(fx.of(RuntimeEvents.AgentStarted.class)).hasSize(3);
        }
    }

    /** A project's dispatch.yaml may lower the caps, never raise them. */
    @Test
    void aProjectMayOnlyLowerTheCaps() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            EngineFixture.write(fx.project.resolve("dispatch.yaml"), "subagents: { max_depth: 9 }\n");
            fx.open();
            assertThatThrownBy(() -> fx.start("hi"))
                    .hasMessageContaining("subagents.max_depth: 9 is above 3; a project may only lower it");
        }
    }
}
