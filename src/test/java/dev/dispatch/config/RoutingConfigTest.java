package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8's part of the config: key budgets, fallback, agent templates, and each way they can be wrong. */
class RoutingConfigTest {
    static final String BASE =
            """
            providers:
              a: { type: anthropic }
              b: { type: openai, base_url: "http://127.0.0.1:9/v1" }
            keys:
              - { id: main, provider: a, env: A_KEY, priority: 10, budget: { usd_per_day: 5, tokens_total: 1000000, reset_hour: 6 } }
              - { id: spare, provider: a, env: A_KEY2 }
              - { id: local, provider: b, env: B_KEY }
            models:
              - { id: big, provider: a, name: claude-big, tags: [heavy, coding] }
              - { id: small, provider: a, name: claude-small, tags: [light], keys: [spare] }
              - { id: loc, provider: b, name: qwen, tags: [light] }
            """;

    @TempDir
    Path tmp;

    ConfigFixture fx;
    String user;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(tmp);
        user = tmp.resolve("dh/config/config.yaml").toString();
    }

    private List<String> problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void budgetsFallbackAndAgentsAreRead() throws Exception {
        fx.userFile(BASE + "fallback: [small, loc]\nbudgets: { poll_interval: 5s }\n");
        java.nio.file.Files.writeString(fx.project.resolve("reviewer.md"), "Review carefully.\n");
        fx.projectFile(
                """
                agents:
                  - { id: reviewer, description: reviews diffs, prompt_file: reviewer.md, tag: heavy, tools: [read_file, grep], skills: [release-checklist], max_turns: 12 }
                  - { id: scout, model: loc, system_prompt: Look around. }
                """);
        Config c = fx.load();

        KeyConfig.Budget b = c.key("main").orElseThrow().budget();
        assertThat(b.usdPerDay()).contains(5.0);
        assertThat(b.tokensTotal()).contains(1_000_000L);
        assertThat(b.resetHour()).isEqualTo(6);
        assertThat(b.limited()).isTrue();
        assertThat(c.key("spare").orElseThrow().budget().limited()).isFalse();
        assertThat(c.fallback()).containsExactly("small", "loc");
        assertThat(c.budgetPollInterval()).hasSeconds(5);
        assertThat(c.model("small").orElseThrow().keys()).containsExactly("spare");
        AgentConfig r = c.agent("reviewer").orElseThrow();
        assertThat(r.systemPrompt()).contains("Review carefully.\n");
        assertThat(r.tag()).contains("heavy");
        assertThat(r.tools()).containsExactly("read_file", "grep");
        assertThat(r.maxTurns()).contains(12);
        assertThat(c.agent("scout").orElseThrow().model()).contains("loc");
        assertThat(c.agent("scout").orElseThrow().tag()).isEqualTo(Optional.empty());
        assertThat(c.get("keys.main.budget.usd_per_day").orElseThrow().origin().toString())
                .startsWith(user + ":5:");
    }

    @Test
    void negativeBudgetNamesFileAndLine() {
        fx.userFile(BASE.replace("usd_per_day: 5", "usd_per_day: -1"));
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith(user + ":5:")
                .contains("keys[0].budget.usd_per_day: -1 is out of range 0..");
    }

    @Test
    void agentAskingForAnUnknownTagOrModel() {
        fx.userFile(BASE);
        fx.projectFile(
                "agents:\n  - { id: r, tag: haevy }\n  - { id: s, model: bgi }\n  - { id: t, tag: light, model: loc }\n");
        assertThat(problems())
                .containsExactlyInAnyOrder(
                        "dispatch.yaml:2:19: agents 'r': unknown tag 'haevy': no model has it (did you mean 'heavy'?); tags in use: [heavy, coding, light]",
                        "dispatch.yaml:3:21: agents 's': unknown model 'bgi' (did you mean 'big'?); known: [big, small, loc]",
                        "dispatch.yaml:4:5: agents 't': give model or tag, not both");
    }

    @Test
    void modelNamingAKeyThatIsUndefinedOrOfAnotherProvider() {
        fx.userFile(BASE.replace("keys: [spare]", "keys: [sprae]")
                + "  - { id: x, provider: a, name: y, keys: [local] }\n");
        assertThat(problems())
                .containsExactlyInAnyOrder(
                        user
                                + ":10:72: models 'small': key 'sprae' is not defined (did you mean 'spare'?); define it under keys: in "
                                + user,
                        user + ":12:42: models 'x': key 'local' is for provider 'b', not 'a'; list a key of a");
    }

    @Test
    void fallbackNamingAnUnknownModel() {
        fx.userFile(BASE + "fallback: [small, smal1]\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith(user + ":12:11:")
                .contains("fallback: no model with id 'smal1' (did you mean 'small'?)");
    }

    @Test
    void approveChildrenIsABooleanOffByDefault() throws Exception {
        fx.userFile(BASE);
        fx.projectFile("agents:\n  - { id: lead, approve_children: true }\n  - { id: plain }\n");
        var agents = fx.load().agents();
        assertThat(agents.stream()
                        .filter(a -> a.id().equals("lead"))
                        .findFirst()
                        .orElseThrow()
                        .approveChildren())
                .isTrue();
        assertThat(agents.stream()
                        .filter(a -> a.id().equals("plain"))
                        .findFirst()
                        .orElseThrow()
                        .approveChildren())
                .isFalse();
        fx.projectFile("agents:\n  - { id: lead, approve_children: sometimes }\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith("dispatch.yaml:2:35:")
                .contains("approve_children")
                .contains("sometimes");
        fx.projectFile("agents:\n  - { id: lead, approve_childern: true }\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .contains("approve_childern")
                .contains("approve_children");
    }

    @Test
    void missingPromptFileAndTwoPromptSources() {
        fx.userFile(BASE);
        fx.projectFile("agents:\n  - { id: r, prompt_file: nope.md }\n");
        assertThat(problems())
                .containsExactly("dispatch.yaml:2:27: agents[0].prompt_file: 'nope.md' does not exist"
                        + " (looked for " + fx.project.resolve("nope.md")
                        + "; a relative path is relative to the config"
                        + " file's directory)");
        ConfigFixture.write(fx.project.resolve("a.md"), "prompt");
        fx.projectFile("agents:\n  - { id: s, prompt_file: a.md, system_prompt: x }\n");
        assertThat(problems())
                .containsExactly("dispatch.yaml:2:27: agents 's': give system_prompt or prompt_file, not both");
    }

    @Test
    void budgetsInTheProjectFileAreRefusedWithKeys() {
        fx.projectFile("keys:\n  - { id: k, provider: a, env: X, budget: { usd_total: 1 } }\n");
        assertThat(problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("dispatch.yaml:"));
    }
}
