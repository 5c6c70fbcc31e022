package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering, origins and the typed snapshot. Error cases are in {@link ConfigErrorsTest}. */
class ConfigLoaderTest {
    static final String USER =
            """
            providers:
              anthropic: { type: anthropic }
              local: { type: openai, base_url: "http://127.0.0.1:11434/v1", temperature: 0.2 }
            keys:
              - { id: work, provider: anthropic, env: ANTHROPIC_API_KEY, priority: 5 }
              - { id: home, provider: anthropic, secret: "${HOME_KEY}" }
            models:
              - { id: sonnet, provider: anthropic, name: claude-sonnet-4-5, tags: [heavy, coding],
                  context_window: 200000, price: { input: 3, output: 15, cached: 0.3 } }
              - { id: qwen, provider: local, name: qwen2.5-coder }
            default_model: sonnet
            """;

    @TempDir
    Path tmp;

    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(tmp);
        fx.env.put("HOME_KEY", "sk-home-canary");
    }

    @Test
    void defaultsApplyWithNoFiles() {
        Config c = fx.load();
        assertThat(c.storeLockWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.daemonPort()).isEqualTo(7421);
        assertThat(c.journalRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.permissions().network()).isEqualTo(PermissionsConfig.Network.ALLOWED);
        assertThat(c.defaultModel()).isEmpty();
        assertThat(c.sources()).isEmpty();
        assertThat(c.get("store.lock_wait").orElseThrow().origin()).isEqualTo(Origin.DEFAULT);
    }

    @Test
    void userConfigGivesTypedProvidersKeysAndModels() {
        fx.userFile(USER);
        Config c = fx.load();
        assertThat(c.provider("anthropic").orElseThrow().baseUrl()).isEqualTo(Settings.ANTHROPIC_URL);
        ProviderConfig local = c.provider("local").orElseThrow();
        assertThat(local.baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(local.temperature()).contains(0.2);
        assertThat(local.maxTokens()).isEqualTo(8192);
        assertThat(c.keysFor("anthropic")).extracting(KeyConfig::id).containsExactly("work", "home");
        KeyConfig home = c.keysFor("anthropic").get(1);
        assertThat(home.secret().reveal(fx.env)).contains("sk-home-canary");
        assertThat(home.secret().toString()).isEqualTo("***").doesNotContain("canary");
        assertThat(c.keysFor("anthropic").get(0).secret().envVar()).contains("ANTHROPIC_API_KEY");
        ModelConfig sonnet = c.model("sonnet").orElseThrow();
        assertThat(sonnet.tags()).containsExactly("heavy", "coding");
        assertThat(sonnet.contextWindow()).contains(200_000L);
        assertThat(sonnet.price().output()).contains(15.0);
        assertThat(c.model("qwen").orElseThrow().price().input()).isEmpty();
        assertThat(c.defaultModel()).contains("sonnet");
    }

    @Test
    void originsNameFileLineAndColumnEnvAndDefault() {
        fx.userFile("store:\n  lock_wait: 3s\n");
        fx.env.put("DISPATCH_DAEMON_PORT", "0");
        Config c = fx.load();
        assertThat(c.get("store.lock_wait").orElseThrow().origin().toString())
                .isEqualTo(tmp.resolve("dh/config/config.yaml") + ":2:14");
        assertThat(c.get("daemon.port").orElseThrow().origin().toString()).isEqualTo("env DISPATCH_DAEMON_PORT");
        assertThat(c.daemonPort()).isZero();
        assertThat(c.get("journal.retention").orElseThrow().origin().toString()).isEqualTo("default");
    }

    @Test
    void userFileUnderHomeIsShownWithTilde() {
        fx.env.remove("DISPATCH_HOME");
        fx.userFile("store:\n  lock_wait: 3s\n");
        assertThat(fx.load().get("store.lock_wait").orElseThrow().origin().toString())
                .isEqualTo("~/.config/dispatch/config.yaml:2:14");
    }

    @Test
    void projectOverridesUserEnvOverridesProjectFlagsOverrideEnv() {
        fx.userFile(USER + "store: { lock_wait: 1s }\n");
        fx.projectFile("default_model: qwen\nstore: { lock_wait: 2s }\njournal: { retention: 1d }\n");
        assertThat(fx.load().defaultModel()).contains("qwen");
        assertThat(fx.load().storeLockWait()).isEqualTo(Duration.ofSeconds(2));

        fx.env.put("DISPATCH_DEFAULT_MODEL", "sonnet");
        fx.env.put("DISPATCH_STORE_LOCK_WAIT", "30s");
        Config env = fx.load();
        assertThat(env.defaultModel()).contains("sonnet");
        assertThat(env.storeLockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.journalRetention()).isEqualTo(Duration.ofDays(1));

        Config flags = fx.loader()
                .withFlags(List.of(new FlagValue("store.lock_wait", "500ms", "--set")))
                .load();
        assertThat(flags.storeLockWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(flags.get("store.lock_wait").orElseThrow().origin().toString())
                .isEqualTo("flag --set");
        assertThat(flags.get("default_model").orElseThrow().origin().toString())
                .isEqualTo("env DISPATCH_DEFAULT_MODEL");
    }

    @Test
    void projectFileIsFoundFromASubdirectoryUpToTheGitRoot() {
        Path file = fx.projectFile("journal: { retention: 2d }\n");
        Path sub = fx.project.resolve("a/b/c");
        ConfigFixture.mkdirs(sub);
        ConfigLoader fromSub = new ConfigLoader(fx.dirs(), fx.env, sub);
        assertThat(fromSub.projectFile()).contains(file);
        assertThat(fromSub.load().journalRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(fromSub.load()
                        .get("journal.retention")
                        .orElseThrow()
                        .origin()
                        .toString())
                .isEqualTo("~/src/app/dispatch.yaml:1:23");
    }

    @Test
    void projectFileAboveTheGitRootIsNotUsed() {
        ConfigFixture.write(fx.project.getParent().resolve("dispatch.yaml"), "journal: { retention: 2d }\n");
        assertThat(fx.loader().projectFile()).isEmpty();
        assertThat(fx.load().journalRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void nearestProjectFileWins() {
        fx.projectFile("journal: { retention: 2d }\n");
        Path sub = fx.project.resolve("module");
        ConfigFixture.write(sub.resolve("dispatch.yaml"), "journal: { retention: 3d }\n");
        assertThat(new ConfigLoader(fx.dirs(), fx.env, sub).load().journalRetention())
                .isEqualTo(Duration.ofDays(3));
    }

    @Test
    void denyRulesAddUpAndAutoAllowMayOnlyNarrow() {
        fx.userFile("permissions:\n  auto_allow: [~/scratch]\n  deny: ['rm -rf *']\n");
        fx.projectFile("permissions:\n  auto_allow: [~/scratch/app]\n  deny: ['**/.env']\n  network: false\n");
        PermissionsConfig p = fx.load().permissions();
        assertThat(p.autoAllow()).containsExactly(fx.home.resolve("scratch/app"));
        assertThat(p.deny()).containsExactly("rm -rf *", "**/.env");
        assertThat(p.network()).isEqualTo(PermissionsConfig.Network.DENIED);
    }

    @Test
    void projectMayChooseModelsById() {
        fx.userFile(USER);
        fx.projectFile(
                "default_model: qwen\nmodels:\n  - { id: haiku, provider: anthropic, name: claude-haiku-4-5 }\n");
        Config c = fx.load();
        assertThat(c.models()).extracting(ModelConfig::id).containsExactly("sonnet", "qwen", "haiku");
        assertThat(c.defaultModel()).contains("qwen");
    }

    @Test
    void envExpansionFillsUserValues() {
        fx.env.put("LOCAL_URL", "http://127.0.0.1:8080/v1");
        fx.userFile("providers:\n  local: { type: openai, base_url: '${LOCAL_URL}' }\n");
        assertThat(fx.load().provider("local").orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:8080/v1");
    }

    @Test
    void aProviderNeedsNoKey() {
        fx.userFile("providers:\n  local: { type: openai, base_url: 'http://127.0.0.1:11434/v1' }\n"
                + "models:\n  - { id: qwen, provider: local, name: qwen2.5-coder }\ndefault_model: qwen\n");
        Config c = fx.load();
        assertThat(c.keysFor("local")).isEmpty();
        assertThat(c.model("qwen").orElseThrow().provider()).isEqualTo("local");
    }

    @Test
    void reloadKeepsTheLastGoodConfigOnABadEdit() {
        fx.userFile("journal: { retention: 2d }\n");
        LiveConfig live = new LiveConfig(fx.loader());
        fx.userFile("journal: { retention: forever }\n");
        List<ConfigProblem> problems = live.reload();
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("journal.retention")
                .contains("forever");
        assertThat(live.current().journalRetention()).isEqualTo(Duration.ofDays(2));
        fx.userFile("journal: { retention: 4d }\n");
        assertThat(live.reload()).isEmpty();
        assertThat(live.current().journalRetention()).isEqualTo(Duration.ofDays(4));
    }

    @Test
    void everyScalarSettingHasAnEnvVarAndADoc() {
        assertThat(Settings.envVar("store.lock_wait")).isEqualTo("DISPATCH_STORE_LOCK_WAIT");
        assertThat(Settings.envVar("default_model")).isEqualTo("DISPATCH_DEFAULT_MODEL");
        Settings.scalars().forEach((k, f) -> assertThat(f.doc()).as(k).isNotBlank());
        ConfigException none = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(none).isNull();
    }
}
