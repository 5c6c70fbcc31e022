package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 agents start at once against a key with $1 left, each call's worst case $0.10: exactly ten are
 * served, the rest wait for a key, and the ledger never passes the cap.
 */
class ConcurrentBudgetTest {
    @TempDir
    Path tmp;

    @Test
    void fiftyAgentsNeverPushTheKeyPastItsCap() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            fx.env.put("KEY_A", "sk-concurrent-test-1");
            fx.userConfig(
                    """
                    providers:
                      scripted: { type: anthropic, base_url: "%s", max_tokens: 100 }
                    keys:
                      - { id: only, provider: scripted, env: KEY_A, budget: { usd_total: 1 } }
                    models:
                      - { id: fast, provider: scripted, name: claude-scripted, price: { input: 0, output: 1000 } }
                    default_model: fast
                    budgets: { poll_interval: 1s }
                    """
                            .formatted(server.baseUrl()));
            fx.open();
            for (int i = 0; i < 50; i++) server.reply(ScriptedReply.text("ok").usage(0, 100, 0, 0));

            List<String> agents = new ArrayList<>();
            List<Thread> starters = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                starters.add(Thread.ofVirtual().start(() -> {
                    var s = fx.submit(SessionOps.StartAgent.of("go", fx.project.toString())
                            .withMaxTurns(1));
                    synchronized (agents) {
                        agents.add(s.agentId());
                    }
                }));
            }
            for (Thread t : starters) t.join();
            // every agent has either finished or is waiting for a key
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (settled(fx, agents) < 50 && System.nanoTime() < deadline) Thread.sleep(50);

            assertThat(settled(fx, agents)).isEqualTo(50);
            assertThat(fx.of(RuntimeEvents.AgentFinished.class)).hasSize(10).allSatisfy(f -> assertThat(f.status())
                    .isEqualTo(AgentStatus.DONE));
            assertThat(server.requests()).hasSize(10);
            var key = fx.submit(new ModelOps.ListKeys(fx.project.toString()))
                    .keys()
                    .get(0);
            assertThat(key.budgets().get(0).used()).isLessThanOrEqualTo(1.0).isEqualTo(1.0);
            assertThat(key.status()).isEqualTo("exhausted");
        }
    }

    private static long settled(EngineFixture fx, List<String> agents) {
        List<String> ids;
        synchronized (agents) {
            ids = List.copyOf(agents);
        }
        return ids.stream()
                .filter(id -> fx.of(RuntimeEvents.AgentFinished.class).stream()
                                .anyMatch(f -> f.agentId().equals(id))
                        || fx.waiting(id))
                .count();
    }
}
