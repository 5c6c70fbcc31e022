package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.KeyEvents;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config and skills change on disk while the engine runs: valid edits apply, invalid ones keep the last good config. */
class HotReloadTest {
    @TempDir
    Path tmp;

    final List<Event> events = new CopyOnWriteArrayList<>();

    /** The first event of {@code type} (or journaled payload: key switches, reloads) that matches. */
    <T> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Event e : events) {
                Object seen = e instanceof dev.dispatch.protocol.JournalEvent j ? j.payload() : e;
                if (type.isInstance(seen) && match.test(type.cast(seen))) return type.cast(seen);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + "; events: " + events);
    }

    @Test
    void validEditAppliesInvalidEditKeepsTheLastGoodConfigAndSkillsReload() throws Exception {
        EngineFixture fx = new EngineFixture(tmp);
        Path user = fx.userConfig("budgets: { poll_interval: 5s }\n");
        EngineFixture.mkdirs(fx.project.resolve(".skills/default"));
        ProjectConfigs projects = new ProjectConfigs(Dirs.resolve(fx.env), fx.env, events::add, fx.clock);
        Path root = fx.project.toRealPath();
        assertThat(projects.config(root).budgetPollInterval()).hasSeconds(5);
        try (ConfigWatcher watcher = new ConfigWatcher(projects, Duration.ofMillis(100))) {
            watcher.watch(root);

            // 1) a valid edit is in force and announced
            EngineFixture.write(user, "budgets: { poll_interval: 7s }\n");
            await(KeyEvents.ConfigReloaded.class, r -> true);
            assertThat(projects.config(root).budgetPollInterval()).hasSeconds(7);

            // 2) an invalid edit is reported with file:line and changes nothing
            events.clear();
            EngineFixture.write(user, "budgets: { poll_interval: 9s }\ndaemon:\n  port: eighty\n");
            var rejected = await(KeyEvents.ConfigRejected.class, r -> true);
            assertThat(rejected.problems())
                    .singleElement()
                    .asString()
                    .isEqualTo(user + ":3:9: daemon.port: expected an integer, got 'eighty'");
            assertThat(projects.config(root).budgetPollInterval()).hasSeconds(7);

            // 3) the project's dispatch.yaml is watched too (once the user config is valid again)
            events.clear();
            EngineFixture.write(user, "budgets: { poll_interval: 8s }\n");
            await(KeyEvents.ConfigReloaded.class, r -> true);
            assertThat(projects.config(root).budgetPollInterval()).hasSeconds(8);
            events.clear();
            EngineFixture.write(fx.project.resolve("dispatch.yaml"), "fallback: []\n");
            await(KeyEvents.ConfigReloaded.class, r -> r.sources().stream().anyMatch(s -> s.endsWith("dispatch.yaml")));

            // 4) a new skill file is picked up and a bad one is named
            EngineFixture.write(
                    fx.project.resolve(".skills/default/new.md"), "---\nname: new\ndescription: fresh\n---\nhi\n");
            EngineFixture.write(fx.project.resolve(".skills/default/bad.md"), "oops\n");
            var skills = await(
                    KeyEvents.SkillsReloaded.class,
                    s -> s.skills() == 1 && !s.warnings().isEmpty());
            assertThat(skills.warnings()).singleElement().asString().contains("bad.md: no frontmatter");
            assertThat(projects.skills(root).find("new").description()).isEqualTo("fresh");
        }
    }

    @Test
    void aWaitingAgentResumesWhenTheConfigRaisesItsBudget() throws Exception {
        try (ScriptedModelServer server = ScriptedModelServer.start();
                EngineFixture fx = new EngineFixture(tmp)) {
            fx.env.put("KEY_A", "sk-reload-test-1");
            String config =
                    """
                    providers:
                      scripted: { type: anthropic, base_url: "%s", max_tokens: 1000 }
                    keys:
                      - { id: only, provider: scripted, env: KEY_A, budget: { usd_total: %s } }
                    models:
                      - { id: fast, provider: scripted, name: claude-scripted, price: { input: 0, output: 1000 } }
                    default_model: fast
                    budgets: { poll_interval: 50ms }
                    """;
            Path user = fx.userConfig(config.formatted(server.baseUrl(), "0.5"));
            fx.open();
            server.replyText("done after the edit");
            var started = fx.start("hello");
            var waiting = fx.await(RuntimeEvents.AgentStateChanged.class, s -> s.status() == AgentStatus.WAITING_KEY);
            assertThat(waiting.detail()).contains("only exhausted ($0 of $0.5 in total used)");
            assertThat(fx.submit(new ModelOps.ListKeys(fx.project.toString()))
                            .keys()
                            .get(0)
                            .status())
                    .isEqualTo("exhausted");

            EngineFixture.write(user, config.formatted(server.baseUrl(), "10"));
            var done = fx.awaitFinished(started.agentId());
            assertThat(done.result()).isEqualTo("done after the edit");
            assertThat(fx.of(KeyEvents.ConfigReloaded.class)).isNotEmpty();
        }
    }
}
