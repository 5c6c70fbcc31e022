package dev.dispatch.app;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentOps.AgentView;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every in-process agent is a coordination agent (issue 20), through the real composition root: it is
 * registered with parent, depth, model and template; its coordination tools act under its own identity
 * only; when it ends its tasks and locks are given back; {@code agent send} reaches its conversation at
 * the next tool boundary; {@code agent tree} rolls tokens and cost up per subtree.
 */
class CoordAgentsTest {
    @TempDir
    Path tmp;

    private ScriptedModelServer server;
    private Engine engine;
    private Path project;
    private String space;
    private Map<String, String> env;
    private Dirs dirs;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        server = ScriptedModelServer.start();
        project = Files.createDirectories(tmp.resolve("proj"));
        Files.createDirectories(project.resolve(".git"));
        space = "proj";
        env = Map.of(
                "HOME",
                tmp.resolve("home").toString(),
                "DISPATCH_HOME",
                tmp.resolve("dh").toString());
        dirs = Dirs.resolve(env);
        Files.createDirectories(dirs.userConfigFile().getParent());
        Files.writeString(
                dirs.userConfigFile(),
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, secret: "%s" } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted, price: { input: 3, output: 15 } } ]
                default_model: fast
                """
                        .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
        engine = Engines.local(dirs, env);
        engine.subscribe(EventFilter.live(), events::add);
    }

    @AfterEach
    void close() {
        if (engine != null) engine.close();
        if (server != null) server.close();
    }

    @Test
    void anAgentIsRegisteredWithItsShapeAndDrainsTasksUnderItsOwnName() throws Exception {
        String task = add("write the report");
        server.reply(ScriptedReply.toolCalls(call("c1", "claim_task", "{}")).usage(1000, 100, 0, 0))
                .reply(ScriptedReply.toolCalls(call("c2", "complete_task", "{\"result\":\"report.md\"}")))
                .replyText("all done");
        var root = start("do the queue", null);
        assertThat(finished(root.agentId()).status()).isEqualTo(AgentStatus.DONE);

        AgentView me = agent(root.agentId());
        assertThat(me.kind()).isEqualTo("in-process");
        assertThat(me.name()).isEqualTo("main");
        assertThat(me.model()).isEqualTo("fast");
        assertThat(me.template()).isEqualTo("main");
        assertThat(me.depth()).isZero();
        assertThat(me.detached()).isFalse();
        assertThat(me.sessionId()).isEqualTo(root.sessionId());
        assertThat(me.status()).isEqualTo(AgentOps.Status.done);
        TaskOps.TaskView t = engine.submit(new TaskOps.ShowTask(space, task)).task();
        assertThat(t.status()).isEqualTo(TaskOps.Status.done);
        assertThat(t.assignee()).isEqualTo("main");
        assertThat(t.result()).isEqualTo("report.md");
        // the model saw the claim's answer: the task id and title
        assertThat(server.requests().get(1).body()).contains("claimed " + task).contains("write the report");

        // a child: depth 1 under its parent; a second "main" gets a unique name
        server.replyText("child done");
        var child = start("help", root.agentId());
        finished(child.agentId());
        AgentView kid = agent(child.agentId());
        assertThat(kid.parent()).isEqualTo("main");
        assertThat(kid.depth()).isEqualTo(1);
        assertThat(kid.name())
                .as("the runtime's unique name, registered as it is")
                .isEqualTo("main-2");
    }

    @Test
    void aNewRunTakesTheNameOfAnEndedAgentOfAnEarlierEngine() throws Exception {
        server.replyText("first run");
        var first = start("one", null);
        finished(first.agentId());
        engine.close();
        engine = Engines.local(dirs, env);
        engine.subscribe(EventFilter.live(), events::add);
        server.replyText("second run");
        var second = start("two", null);
        finished(second.agentId());
        List<AgentView> all =
                engine.submit(new AgentOps.ListRegisteredAgents(space)).agents();
        assertThat(all).extracting(AgentView::id).containsExactly(second.agentId());
        assertThat(all.get(0).name()).isEqualTo("main");
    }

    @Test
    void anAgentThatEndsGivesBackItsTaskAndLocks() throws Exception {
        String task = add("never finished");
        server.reply(ScriptedReply.toolCalls(
                        call("c1", "claim_task", "{}"), call("c2", "lock", "{\"patterns\":[\"src/**\"]}")))
                .replyText("I give up");
        var a = start("start and stop", null);
        finished(a.agentId());
        assertThat(server.requests().get(1).body()).contains("locked src/**");

        TaskOps.TaskDetail d = engine.submit(new TaskOps.ShowTask(space, task));
        assertThat(d.task().status()).isEqualTo(TaskOps.Status.ready);
        assertThat(d.task().lastError()).contains("agent main ended (done)");
        assertThat(engine.submit(new LockOps.ListLocks(space, LockOps.Scope.held))
                        .locks())
                .isEmpty();
        // the queue is free for someone else at once
        engine.submit(new AgentOps.RegisterAgent(space, "w", null, null, null, null, null));
        assertThat(engine.submit(new TaskOps.ClaimNextTask(space, "w", null))
                        .task()
                        .id())
                .isEqualTo(task);
    }

    @Test
    void noAgentActsAsAnother() throws Exception {
        add("theirs");
        engine.submit(new AgentOps.RegisterAgent(space, "ext", null, null, null, null, null));
        TaskOps.ClaimResult theirs = engine.submit(new TaskOps.ClaimNextTask(space, "ext", null));
        LockOps.AcquireResult lock = engine.submit(
                new LockOps.AcquireLock(space, "ext", List.of("docs/**"), 600, LockOps.Mode.exclusive, null));
        server.reply(ScriptedReply.toolCalls(
                        call("c1", "complete_task", "{\"id\":\"" + theirs.task().id() + "\"}"),
                        call("c2", "unlock", "{\"lock_id\":\"" + lock.lock().id() + "\"}"),
                        call("c3", "fail_task", "{\"id\":\"" + theirs.task().id() + "\",\"error\":\"x\"}"),
                        call("c4", "complete_task", "{\"agent\":\"ext\"}")))
                .replyText("ok");
        var a = start("try to cheat", null);
        finished(a.agentId());
        String results = server.requests().get(1).body();
        assertThat(results)
                .contains("you do not hold task '" + theirs.task().id() + "'")
                .contains("you do not hold lock '" + lock.lock().id() + "'")
                .contains("invalid arguments for complete_task");
        assertThat(engine.submit(new TaskOps.ShowTask(space, theirs.task().id()))
                        .task()
                        .status())
                .isEqualTo(TaskOps.Status.claimed);
        assertThat(engine.submit(new LockOps.ListLocks(space, LockOps.Scope.held))
                        .locks())
                .extracting(LockOps.LockView::agent)
                .containsExactly("ext");
    }

    @Test
    void messagesAndKnowledgeGoOutUnderTheAgentsOwnNameAndBadCallsAreClear() throws Exception {
        engine.submit(new AgentOps.RegisterAgent(space, "ext", null, null, null, null, null));
        server.reply(ScriptedReply.toolCalls(
                        call("c1", "send_message", "{\"to\":\"ext\",\"text\":\"hello ext\"}"),
                        call("c2", "kb_write", "{\"topic\":\"research/oauth\",\"text\":\"refresh tokens rotate\"}"),
                        call("c3", "kb_read", "{\"topic\":\"research/oauth\"}"),
                        call("c4", "kb_search", "{\"query\":\"rotate\"}"),
                        call("c5", "read_inbox", "{}"),
                        call("c6", "lock", "{\"patterns\":[]}"),
                        call("c7", "read_inbox", "{\"limit\":0}"),
                        call("c8", "kb_write", "{\"topic\":\"../x\",\"text\":\"y\"}"),
                        call("c9", "send_message", "{\"to\":\"nobody\",\"text\":\"x\"}"),
                        call("c10", "unlock", "{}"),
                        call("c11", "complete_task", "{}")))
                .replyText("ok");
        var a = start("talk", null);
        finished(a.agentId());
        String results = server.requests().get(1).body();
        assertThat(results)
                .contains("sent msg")
                .contains("wrote research/oauth v1")
                .contains("refresh tokens rotate")
                .contains("topic research/oauth")
                .contains("no unread messages")
                .contains("lock needs patterns")
                .contains("limit 0 must be between 1 and 200")
                .contains("'nobody'")
                .contains("you hold no lock")
                .contains("you hold no claimed task");
        var inbox = engine.submit(new dev.dispatch.protocol.MessageOps.ReadInbox(
                space, "ext", 0, false, 10, dev.dispatch.protocol.MessageOps.ReadMark.peek));
        assertThat(inbox.messages())
                .singleElement()
                .satisfies(m -> assertThat(m.message().from()).isEqualTo("main"));
        var topic = engine.submit(new dev.dispatch.protocol.KnowledgeOps.ReadTopic(space, "research/oauth", 0));
        assertThat(topic.agent()).isEqualTo("main");
        assertThatThrownBy(() -> engine.submit(new dev.dispatch.protocol.KnowledgeOps.ReadTopic(space, "x", 0)))
                .isInstanceOf(EngineException.class);
    }

    @Test
    void sendReachesTheConversationAtTheNextToolBoundaryAndUnknownIdsAreClear() throws Exception {
        server.reply(ScriptedReply.toolCalls(call("c1", "read_inbox", "{}")).headerDelay(Duration.ofMillis(800)))
                .replyText("focusing")
                .replyText("still here");
        var a = start("work", null);
        await(RuntimeEvents.TurnStarted.class, s -> s.agentId().equals(a.agentId()));
        AgentOps.SendResult sent = engine.submit(new AgentOps.SendToAgent(space, "main", "focus on OAuth"));
        assertThat(sent.delivery()).isEqualTo("conversation");
        assertThat(sent.id()).isEqualTo(a.agentId());
        await(RuntimeEvents.UserMessageDelivered.class, u -> u.text().equals("focus on OAuth"));
        finished(a.agentId());
        assertThat(server.requests().get(1).body()).contains("focus on OAuth");

        // idle now: by id, delivered at once (a new turn)
        engine.submit(new AgentOps.SendToAgent(space, a.agentId(), "one more thing"));
        await(RuntimeEvents.UserMessageDelivered.class, u -> u.text().equals("one more thing"));

        assertThatThrownBy(() -> engine.submit(new AgentOps.SendToAgent(space, "nobody", "hi")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("no agent 'nobody' in space 'proj'");
        assertThatThrownBy(() -> engine.submit(new AgentOps.SendToAgent(space, "main", "  ")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));

        assertThatThrownBy(() -> engine.submit(new AgentOps.SendToAgent(space, "main", "x".repeat(64 * 1024 + 1))))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThatThrownBy(() -> engine.submit(new AgentOps.SendToAgent("two\nlines", "main", "hi")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));

        // an external agent gets it in its inbox, from the operator
        engine.submit(new AgentOps.RegisterAgent(space, "ext", null, null, null, null, null));
        AgentOps.SendResult ext = engine.submit(new AgentOps.SendToAgent(space, "ext", "please rebase"));
        assertThat(ext.delivery()).isEqualTo("inbox");
        var inbox = engine.submit(new dev.dispatch.protocol.MessageOps.ReadInbox(
                space, "ext", 0, false, 10, dev.dispatch.protocol.MessageOps.ReadMark.peek));
        assertThat(inbox.messages()).singleElement().satisfies(m -> {
            assertThat(m.message().from()).isEqualTo("operator");
            assertThat(m.message().text()).isEqualTo("please rebase");
        });
    }

    @Test
    void theTreeRollsTokensAndCostUpPerSubtree() throws Exception {
        server.reply(ScriptedReply.text("root").usage(1_000_000, 100_000, 0, 0));
        var root = start("lead", null);
        finished(root.agentId());
        server.reply(ScriptedReply.text("kid").usage(2_000_000, 0, 0, 0));
        var kid = start("child", root.agentId());
        finished(kid.agentId());
        engine.submit(new AgentOps.RegisterAgent(space, "script", null, null, null, null, null));

        AgentOps.AgentTree tree = engine.submit(new AgentOps.ShowAgentTree(space));
        AgentOps.TreeNode top = tree.roots().stream()
                .filter(n -> n.id().equals(root.agentId()))
                .findFirst()
                .orElseThrow();
        assertThat(top.self().inputTokens()).isEqualTo(1_000_000);
        assertThat(top.self().costUsd()).isEqualTo(3 + 1.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(top.children()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(kid.agentId());
            assertThat(c.depth()).isEqualTo(1);
            assertThat(c.self().costUsd()).isEqualTo(6, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(top.subtree().inputTokens()).isEqualTo(3_000_000);
        assertThat(top.subtree().costUsd()).isEqualTo(10.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(tree.roots()).extracting(AgentOps.TreeNode::name).contains("script");
        assertThat(tree.total().costUsd()).isEqualTo(10.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    private String add(String title) {
        return engine.submit(new TaskOps.AddTask(space, title, null, null, null, null, null, null, null, null, null))
                .task()
                .id();
    }

    private SessionOps.StartAgentResult start(String prompt, String parent) {
        return engine.submit(
                SessionOps.StartAgent.of(prompt, project.toString()).withParent(parent));
    }

    private AgentView agent(String id) {
        return engine.submit(new AgentOps.ListRegisteredAgents(space)).agents().stream()
                .filter(a -> a.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("agent " + id + " is not in the registry"));
    }

    /** The agent's end, once the registry has recorded it too (the registry write follows the event). */
    private RuntimeEvents.AgentFinished finished(String id) throws InterruptedException {
        RuntimeEvents.AgentFinished f =
                await(RuntimeEvents.AgentFinished.class, e -> e.agentId().equals(id));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !agent(id).status().finished()) Thread.sleep(10);
        return f;
    }

    private <T extends Event> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (Event e : events) if (type.isInstance(e) && match.test(type.cast(e))) return type.cast(e);
            Thread.sleep(10);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + "; events: " + events);
    }
}
