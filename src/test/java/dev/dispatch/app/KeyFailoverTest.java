package dev.dispatch.app;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.KeyEvents;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.RecordedRequest;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key gateway end to end: config → routes → ledger → scripted model server, with a clock the test
 * moves. Each call's worst case is $1 (1,000 output tokens at $1,000 per million), and each scripted
 * reply costs exactly that, so a $5 daily budget serves five calls.
 */
class KeyFailoverTest {
    static final String KEY_A = "sk-test-first-0001";
    static final String KEY_B = "sk-test-second-0002";

    @TempDir
    Path tmp;

    ScriptedModelServer server;
    EngineFixture fx;

    @BeforeEach
    void setUp() {
        server = ScriptedModelServer.start();
        fx = new EngineFixture(tmp);
        fx.env.put("KEY_A", KEY_A);
        fx.env.put("KEY_B", KEY_B);
    }

    @AfterEach
    void tearDown() {
        fx.close();
        server.close();
    }

    void config(String budget) {
        fx.userConfig(
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s", max_tokens: 1000 }
                keys:
                  - { id: first, provider: scripted, env: KEY_A, priority: 10%s }
                  - { id: second, provider: scripted, env: KEY_B, priority: 5%s }
                models:
                  - { id: fast, provider: scripted, name: claude-scripted, tags: [heavy], price: { input: 0, output: 1000 } }
                default_model: fast
                budgets: { poll_interval: 50ms, cooldown: 30s }
                """
                        .formatted(server.baseUrl(), budget, budget));
        fx.open();
    }

    static String key(RecordedRequest r) {
        String k = r.header("x-api-key");
        return KEY_A.equals(k) ? "first" : KEY_B.equals(k) ? "second" : k;
    }

    @Test
    void twoBudgetsDrainThenTheAgentWaitsForTheNewDayAndFinishesWithItsContext() throws Exception {
        config(", budget: { usd_per_day: 5 }");
        for (int i = 1; i <= 10; i++) {
            server.reply(ScriptedReply.toolCalls(
                            call("c" + i, "task_list", "{\"action\":\"add\",\"title\":\"step " + i + "\"}"))
                    .usage(10, 1000, 0, 0));
        }
        server.reply(ScriptedReply.text("all ten steps listed").usage(10, 1000, 0, 0));

        var started = fx.start("list ten steps");
        fx.await(RuntimeEvents.AgentStateChanged.class, s -> s.status() == AgentStatus.WAITING_KEY);

        // 1) five calls on the first key, the switch, five on the second, then nothing usable
        assertThat(server.requests()).hasSize(10);
        assertThat(server.requests().stream().map(KeyFailoverTest::key).toList())
                .containsExactly(
                        "first", "first", "first", "first", "first", "second", "second", "second", "second", "second");
        assertThat(fx.of(KeyEvents.KeySwitched.class)).singleElement().satisfies(s -> {
            assertThat(s.fromKey()).isEqualTo("first");
            assertThat(s.toKey()).isEqualTo("second");
            assertThat(s.reason()).contains("first exhausted");
        });
        var waiting = fx.of(RuntimeEvents.AgentStateChanged.class).stream()
                .filter(s -> s.status() == AgentStatus.WAITING_KEY)
                .findFirst()
                .orElseThrow();
        assertThat(waiting.detail())
                .contains("until about 00:00 UTC")
                .contains("first exhausted")
                .contains("second exhausted");
        var keys = fx.submit(new ModelOps.ListKeys(fx.project.toString())).keys();
        assertThat(keys).extracting(ModelOps.KeyRow::status).containsExactly("exhausted", "exhausted");
        assertThat(keys).extracting(ModelOps.KeyRow::spentTodayUsd).containsExactly(5.0, 5.0);

        // 2) the budget period resets (between two looks): the agent resumes on the first key and finishes
        fx.clock.setAtNextPause(Instant.parse("2026-11-22T00:00:01Z"));
        var done = fx.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.DONE);
        assertThat(done.result()).isEqualTo("all ten steps listed");
        assertThat(server.requests()).hasSize(11);
        RecordedRequest last = server.lastRequest();
        assertThat(key(last)).isEqualTo("first");
        assertThat(last.body())
                .contains("list ten steps")
                .contains("added todo_1: step 1")
                .contains("added todo_10: step 10");
        assertThat(fx.submit(new ModelOps.ListKeys(fx.project.toString())).keys())
                .extracting(ModelOps.KeyRow::status, ModelOps.KeyRow::spentTodayUsd)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("active", 1.0),
                        org.assertj.core.groups.Tuple.tuple("active", 0.0));
    }

    @Test
    void rateLimitWithRetryAfterCoolsTheKeyAndTheNextKeyServes() throws Exception {
        config("");
        server.replyStatus(429, Map.of("retry-after", "2")).replyText("from the second key");
        var started = fx.start("hello");
        var done = fx.awaitFinished(started.agentId());

        assertThat(done.result()).isEqualTo("from the second key");
        assertThat(server.requests()).extracting(KeyFailoverTest::key).containsExactly("first", "second");
        assertThat(fx.of(KeyEvents.KeyCooling.class)).singleElement().satisfies(c -> {
            assertThat(c.keyId()).isEqualTo("first");
            assertThat(c.untilAt()).isEqualTo(Instant.parse("2026-11-21T10:00:02Z"));
        });
        // 1) still cooling: the next input goes straight to the second key
        server.replyText("again from the second");
        fx.submit(new SessionOps.SendInput(started.agentId(), "more"));
        fx.await(RuntimeEvents.AgentFinished.class, f -> f.result().equals("again from the second"));
        assertThat(key(server.lastRequest())).isEqualTo("second");
        // 2) cool-down over: the first key (higher priority) serves again
        fx.clock.advance(Duration.ofSeconds(3));
        server.replyText("first is back");
        fx.submit(new SessionOps.SendInput(started.agentId(), "and more"));
        fx.await(RuntimeEvents.AgentFinished.class, f -> f.result().equals("first is back"));
        assertThat(key(server.lastRequest())).isEqualTo("first");
        assertThat(fx.of(KeyEvents.KeySwitched.class))
                .extracting(KeyEvents.KeySwitched::toKey)
                .containsExactly("second", "first");
    }

    @Test
    void unauthorizedDisablesTheKeyAcrossRestartsAndTellsTheUser() throws Exception {
        config("");
        server.replyStatus(401, Map.of()).replyText("served by second");
        var started = fx.start("hello");
        assertThat(fx.awaitFinished(started.agentId()).result()).isEqualTo("served by second");
        assertThat(fx.of(KeyEvents.KeyDisabled.class)).singleElement().satisfies(d -> {
            assertThat(d.keyId()).isEqualTo("first");
            assertThat(d.reason()).contains("config.yaml").doesNotContain(KEY_A);
        });

        fx.restart();
        var keys = fx.submit(new ModelOps.ListKeys(fx.project.toString())).keys();
        assertThat(keys).extracting(ModelOps.KeyRow::status).containsExactly("disabled", "active");
        var resolved = fx.submit(new ModelOps.ResolveModel(fx.project.toString(), "heavy", null));
        assertThat(resolved.key()).isEqualTo("second");
        assertThat(resolved.steps()).anyMatch(s -> s.startsWith("fast / first: disabled"));
    }

    @Test
    void whenTheModelsKeysAreSpentTheFallbackModelServes() throws Exception {
        fx.userConfig(
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s", max_tokens: 1000 }
                keys:
                  - { id: first, provider: scripted, env: KEY_A, budget: { usd_per_month: 0.5 } }
                  - { id: second, provider: scripted, env: KEY_B }
                models:
                  - { id: big, provider: scripted, name: claude-big, keys: [first], price: { input: 0, output: 1000 } }
                  - { id: small, provider: scripted, name: claude-small, keys: [second] }
                default_model: big
                fallback: [small]
                """
                        .formatted(server.baseUrl()));
        fx.open();
        assertThat(fx.submit(new ModelOps.ResolveModel(fx.project.toString(), null, null))
                        .model())
                .isEqualTo("small");
        server.replyText("from the fallback");
        var started = fx.start("hello");
        assertThat(fx.awaitFinished(started.agentId()).result()).isEqualTo("from the fallback");
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(key(r)).isEqualTo("second");
            assertThat(r.json().get("model").asText()).isEqualTo("claude-small");
        });
        assertThat(fx.of(KeyEvents.KeyExhausted.class)).first().satisfies(e -> {
            assertThat(e.keyId()).isEqualTo("first");
            assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {403, 500, 503, 529})
    void authServerAndOverloadFailuresFailOverToTheNextKey(int status) throws Exception {
        config("");
        // a 403 fails at once; 5xx are retried on the same key (3 attempts) before the failover
        for (int i = 0; i < (status == 403 ? 1 : ModelCatalog.ROUTED_RETRY.maxAttempts()); i++)
            server.replyStatus(status, Map.of());
        server.replyText("second served");
        var started = fx.start("hello");
        assertThat(fx.awaitFinished(started.agentId()).result()).isEqualTo("second served");
        assertThat(key(server.lastRequest())).isEqualTo("second");
        var first =
                fx.submit(new ModelOps.ListKeys(fx.project.toString())).keys().get(0);
        assertThat(first.status()).isEqualTo(status == 403 ? "disabled" : "cooling");
        if (status != 403) assertThat(first.until()).isEqualTo(Instant.parse("2026-11-21T10:00:30Z"));
    }

    @Test
    void editingTheConfigReEnablesADisabledKey() throws Exception {
        config("");
        server.replyStatus(401, Map.of()).replyText("served by second");
        var started = fx.start("hello");
        fx.awaitFinished(started.agentId());
        assertThat(fx.submit(new ModelOps.ListKeys(fx.project.toString()))
                        .keys()
                        .get(0)
                        .status())
                .isEqualTo("disabled");

        Path user = dev.dispatch.config.Dirs.resolve(fx.env).userConfigFile();
        EngineFixture.write(user, java.nio.file.Files.readString(user) + "# key rotated\n");
        fx.await(KeyEvents.ConfigReloaded.class, r -> true);
        assertThat(fx.submit(new ModelOps.ListKeys(fx.project.toString()))
                        .keys()
                        .get(0)
                        .status())
                .isEqualTo("active");
    }

    @Test
    void aBadRequestDoesNotFailOver() throws Exception {
        config("");
        server.replyStatus(400, Map.of());
        var started = fx.start("hello");
        var done = fx.awaitFinished(started.agentId());
        assertThat(done.status()).isEqualTo(AgentStatus.ERROR);
        assertThat(server.requests()).hasSize(1);
        assertThat(fx.of(KeyEvents.KeyCooling.class)).isEmpty();
        assertThat(fx.of(KeyEvents.KeyDisabled.class)).isEmpty();
    }

    @Test
    void aCoolingOnlyKeyMakesTheAgentWaitUntilTheCoolDownIsOver() throws Exception {
        fx.env.remove("KEY_B");
        config("");
        server.replyStatus(429, Map.of("retry-after", "120")).replyText("after the wait");
        var started = fx.start("hello");
        var waiting = fx.await(RuntimeEvents.AgentStateChanged.class, s -> s.status() == AgentStatus.WAITING_KEY);
        assertThat(waiting.detail()).contains("first cooling until 10:02 UTC");
        assertThat(server.requests()).hasSize(1);

        fx.clock.setAtNextPause(Instant.parse("2026-11-21T10:02:01Z"));
        var done = fx.awaitFinished(started.agentId());
        assertThat(done.result()).isEqualTo("after the wait");
        assertThat(fx.of(RuntimeEvents.AgentStateChanged.class))
                .anyMatch(s -> s.status() == AgentStatus.RUNNING && s.detail().contains("usable again"));
        for (RecordedRequest r : server.requests()) assertThat(r.body()).doesNotContain(KEY_A);
    }

    @Test
    void aRestartKeepsTheSpendAndTheWaitingAgentsConversationContinues() throws Exception {
        config(", budget: { usd_per_day: 1 }");
        server.reply(ScriptedReply.toolCalls(call("c1", "task_list", "{\"action\":\"add\",\"title\":\"remember me\"}"))
                .usage(0, 1000, 0, 0));
        server.reply(ScriptedReply.toolCalls(call("c2", "task_list", "{\"action\":\"list\"}"))
                .usage(0, 1000, 0, 0));
        var started = fx.start("plan the work");
        fx.await(RuntimeEvents.AgentStateChanged.class, s -> s.status() == AgentStatus.WAITING_KEY);
        assertThat(server.requests()).hasSize(2);

        // 1) the engine goes away while the agent waits; spend and key state are in the store
        fx.restart();
        assertThat(fx.submit(new ModelOps.ListKeys(fx.project.toString())).keys())
                .extracting(ModelOps.KeyRow::status)
                .containsExactly("exhausted", "exhausted");
        // 2) the next day the session continues with its whole conversation and task list
        fx.clock.set(Instant.parse("2026-11-22T00:00:01Z"));
        server.replyText("continuing with todo_1");
        var again = fx.submit(
                SessionOps.StartAgent.of("carry on", fx.project.toString()).withSession(started.sessionId()));
        assertThat(fx.awaitFinished(again.agentId()).result()).isEqualTo("continuing with todo_1");
        assertThat(server.lastRequest().body())
                .contains("plan the work")
                .contains("added todo_1: remember me")
                .contains("carry on");
    }

    @Test
    void aWaitingAgentIsResumedByTheNextEngineAndFinishesWithItsContext() throws Exception {
        config(", budget: { usd_per_day: 1 }");
        server.reply(ScriptedReply.toolCalls(call("c1", "task_list", "{\"action\":\"add\",\"title\":\"keep me\"}"))
                .usage(0, 1000, 0, 0));
        server.reply(ScriptedReply.toolCalls(call("c2", "task_list", "{\"action\":\"list\"}"))
                .usage(0, 1000, 0, 0));
        var started = fx.start("a long task");
        fx.await(RuntimeEvents.AgentStateChanged.class, s -> s.status() == AgentStatus.WAITING_KEY);

        fx.restart();
        fx.clock.set(Instant.parse("2026-11-22T00:00:01Z"));
        server.replyText("finished after the restart");
        var resumed = fx.submit(new ModelOps.ResumeWaitingAgents());
        assertThat(resumed.failures()).isEmpty();
        assertThat(resumed.agentIds()).hasSize(1);
        assertThat(fx.awaitFinished(resumed.agentIds().get(0)).result()).isEqualTo("finished after the restart");
        assertThat(server.lastRequest().body())
                .contains("a long task")
                .contains("added todo_1: keep me")
                .contains("waiting for a usable API key");
        assertThat(fx.submit(new ModelOps.ResumeWaitingAgents()).agentIds())
                .as("each is resumed once")
                .isEmpty();
        assertThat(fx.of(RuntimeEvents.AgentStarted.class)).last().satisfies(a -> assertThat(a.sessionId())
                .isEqualTo(started.sessionId()));
    }

    @Test
    void cancellingAWaitingAgentIsHonoured() throws Exception {
        config(", budget: { usd_total: 0.5 }");
        var started = fx.start("hello");
        fx.await(RuntimeEvents.AgentStateChanged.class, s -> s.status() == AgentStatus.WAITING_KEY);
        fx.submit(new SessionOps.CancelAgent(started.agentId(), "stop"));
        assertThat(fx.awaitFinished(started.agentId()).status()).isEqualTo(AgentStatus.CANCELLED);
        assertThat(server.requests()).isEmpty();
    }
}
