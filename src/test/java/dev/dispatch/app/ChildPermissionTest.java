package dev.dispatch.app;

import static dev.dispatch.app.TreeScript.idOf;
import static dev.dispatch.app.TreeScript.results;
import static dev.dispatch.app.TreeScript.summon;
import static dev.dispatch.app.TreeScript.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.protocol.PermissionOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child's request beyond its grants reaches the person through the one queue, named by its
 * ancestry, while the parent model keeps running and is never asked; several queue in order. With
 * {@code approve_children: true} on the parent's template, the parent's own grants answer what they
 * cover (logged as the parent's) and the rest still goes to the person.
 */
class ChildPermissionTest {
    @TempDir
    Path tmp;

    @Test
    void twoChildrensPromptsQueueForThePersonWithTheirAncestry() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "");
            Files.createDirectories(fx.project.resolve("src"));
            EngineFixture.write(
                    fx.project.resolve(".skills/default/style.md"),
                    "---\nname: style\ndescription: house style\n---\nPrefer small files.\n");
            EngineFixture.write(
                    fx.project.resolve(".skills/project/release.md"),
                    "---\nname: release\ndescription: release steps\n---\nBump, then tag.\n");
            fx.open();
            server.forConversation("ORCH")
                    .replyToolCalls(
                            summon("KID-A", "name", "writer-a", "permissions", List.of("read:src")),
                            summon("KID-B", "name", "writer-b", "permissions", List.of("read:src")))
                    .replyToolCalls(tool("wait_agents", "timeout", 60))
                    .replyText("both back");
            server.forConversation("KID-A")
                    .replyToolCalls(tool("activate_skill", "name", "release"))
                    .replyToolCalls(tool("write_file", "path", "src/a.txt", "content", "A"))
                    .replyText("a done");
            server.forConversation("KID-B")
                    .replyToolCalls(tool("write_file", "path", "src/b.txt", "content", "B"))
                    .replyText("b done");
            var root = fx.start("ORCH two writers");
            var a = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.ancestry().equals("main › writer-a"));
            var b = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.ancestry().equals("main › writer-b"));
            assertThat(a.agentId()).isEqualTo(idOf(fx, "writer-a"));
            assertThat(a.reason()).contains("not among this child agent's grants");
            // both wait together; the child shows waiting for the user; the parent model was not asked
            assertThat(fx.of(RuntimeEvents.AgentStateChanged.class)).anySatisfy(s -> {
                assertThat(s.agentId()).isEqualTo(a.agentId());
                assertThat(s.status()).isEqualTo(AgentStatus.WAITING_USER);
            });
            assertThat(server.requests().stream().filter(r -> r.body().contains(a.requestId())))
                    .isEmpty();
            // the agent list says what each may do unasked and which skills it loaded (the detail pane's data)
            var agents = fx.submit(new SessionOps.ListAgents()).agents();
            var kid = agents.stream()
                    .filter(x -> x.agentId().equals(a.agentId()))
                    .findFirst()
                    .orElseThrow();
            var orch = agents.stream()
                    .filter(x -> x.agentId().equals(root.agentId()))
                    .findFirst()
                    .orElseThrow();
            String src = fx.project.resolve("src").toRealPath().toString();
            assertThat(kid.permissions()).containsExactly("read " + src);
            assertThat(kid.skills()).contains("style").anySatisfy(k -> assertThat(k)
                    .contains("release"));
            assertThat(orch.permissions())
                    .contains(
                            "read, write, run in " + fx.project.toRealPath() + " (the project root)",
                            "summon_subagents");
            assertThat(orch.skills()).contains("style").noneSatisfy(k -> assertThat(k)
                    .contains("release"));
            fx.submit(new SessionOps.ReplyPermission(b.requestId(), PermissionAnswer.DENY, "no"));
            fx.submit(new SessionOps.ReplyPermission(a.requestId(), PermissionAnswer.ONCE, ""));
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(Files.readString(fx.project.resolve("src/a.txt"))).isEqualTo("A");
            assertThat(Files.exists(fx.project.resolve("src/b.txt"))).isFalse();
            assertThat(results(fx, b.agentId(), "write_file").get(0).result()).contains("the user denied this");
            var log = fx.submit(new PermissionOps.ListDecisions(a.agentId(), null))
                    .decisions();
            assertThat(log).anySatisfy(d -> {
                assertThat(d.decidedBy()).isEqualTo("operator");
                assertThat(d.outcome()).isEqualTo("allow");
            });
        }
    }

    @Test
    void approveChildrenAnswersWithinTheParentsGrantsAndSendsTheRestToThePerson() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            TreeScript.config(fx, server, "agents:\n  - { id: lead, approve_children: true }\n");
            Files.createDirectories(fx.project.resolve("src"));
            Path outside = Files.createDirectories(tmp.resolve("outside"));
            Files.createSymbolicLink(fx.project.resolve("src/out"), outside);
            fx.open();
            server.forConversation("ORCH")
                    .replyToolCalls(summon("KID", "name", "kid", "permissions", List.of("read:src")))
                    .replyToolCalls(tool("wait_agents", "timeout", 60))
                    .replyText("done");
            server.forConversation("KID")
                    .replyToolCalls(tool("write_file", "path", "src/in.txt", "content", "in"))
                    .replyToolCalls(tool("write_file", "path", "src/out/x.txt", "content", "escaped"))
                    .replyText("kid done");
            var root = fx.submit(SessionOps.StartAgent.of("ORCH approve", fx.project.toString())
                    .withTemplate("lead"));
            // the symlinked write leaves the parent's own grants: the person is asked, and refuses
            var asked = fx.await(
                    RuntimeEvents.PermissionRequested.class, p -> p.ancestry().equals("lead › kid"));
            assertThat(asked.paths())
                    .singleElement()
                    .asString()
                    .contains(outside.toRealPath().toString());
            fx.submit(new SessionOps.ReplyPermission(asked.requestId(), PermissionAnswer.DENY, ""));
            assertThat(fx.awaitFinished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);
            assertThat(Files.readString(fx.project.resolve("src/in.txt"))).isEqualTo("in");
            assertThat(Files.exists(outside.resolve("x.txt"))).isFalse();
            assertThat(fx.of(RuntimeEvents.PermissionRequested.class)).hasSize(1);
            String kid = idOf(fx, "kid");
            var log = fx.submit(new PermissionOps.ListDecisions(kid, null)).decisions();
            assertThat(log).anySatisfy(d -> {
                assertThat(d.decidedBy()).isEqualTo("parent");
                assertThat(d.reason()).contains("answered by the grants of its parent agent " + root.agentId());
                assertThat(d.paths()).singleElement().asString().endsWith("src/in.txt");
            });
        }
    }
}
