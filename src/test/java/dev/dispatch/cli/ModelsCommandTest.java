package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dispatch models}, {@code models resolve}, {@code keys} and {@code skills list|show} against a real engine. */
class ModelsCommandTest {
    static final String SECRET = "sk-canary-models-5150";

    @TempDir
    Path tmp;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(tmp);
        fx.env.put("MAIN_KEY", SECRET);
        fx.userConfig(
                """
                providers:
                  a: { type: anthropic, max_tokens: 1000 }
                keys:
                  - { id: main, provider: a, env: MAIN_KEY, priority: 10, budget: { usd_per_day: 5 } }
                  - { id: spare, provider: a, env: SPARE_KEY }
                models:
                  - { id: big, provider: a, name: claude-big, tags: [heavy], price: { input: 3, output: 15 } }
                  - { id: small, provider: a, name: claude-small, tags: [light], keys: [spare] }
                fallback: [big]
                """);
    }

    @Test
    void modelsShowsTagsActiveKeyAndBudgets() {
        var r = fx.run("models");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("MODEL")
                .contains("ACTIVE KEY")
                .containsPattern("big +a/claude-big +heavy +main +main active \\(\\$0.00/\\$5.00 day\\); spare missing")
                .containsPattern("small +a/claude-small +light +none +spare missing");
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
    }

    @Test
    void resolveExplainsTheChoiceAndSaysWhenNothingCanServe() {
        var heavy = fx.run("models", "resolve", "--tag", "heavy");
        assertThat(heavy.exitCode()).as(heavy.err()).isZero();
        assertThat(heavy.out())
                .startsWith("big with key main: first model with tag 'heavy'")
                .contains("big / spare: skipped, SPARE_KEY is not set")
                .contains("big / main: usable, $5.00 of $5.00 day left");

        var light = fx.run("models", "resolve", "--tag", "light");
        assertThat(light.exitCode()).isEqualTo(ExitCode.NOTHING.code());
        assertThat(light.out())
                .contains("no model and key can serve now")
                .contains("small / spare: skipped, SPARE_KEY is not set");

        var unknown = fx.run("models", "resolve", "--tag", "haevy");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(unknown.err()).contains("no model has tag 'haevy'").contains("[heavy, light]");
    }

    @Test
    void runWithATagUsesTheTaggedModel() {
        try (var server = dev.dispatch.provider.ScriptedModelServer.start()) {
            fx.userConfig(
                    """
                    providers:
                      s: { type: anthropic, base_url: "%s" }
                    keys:
                      - { id: main, provider: s, env: MAIN_KEY }
                    models:
                      - { id: small, provider: s, name: claude-small, tags: [light] }
                      - { id: big, provider: s, name: claude-big, tags: [heavy] }
                    default_model: small
                    """
                            .formatted(server.baseUrl()));
            server.replyText("heavy answer");
            var r = fx.run("run", "--tag", "heavy", "think hard");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("heavy answer\n");
            assertThat(server.lastRequest().json().get("model").asText()).isEqualTo("claude-big");
            assertThat(fx.run("run", "--tag", "heavy", "--model", "small", "x").exitCode())
                    .isEqualTo(ExitCode.USAGE.code());
        }
    }

    @Test
    void keysListsStatusSpendAndBudgetsWithoutSecrets() {
        var r = fx.run("keys", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\"status\" : \"active\"")
                .contains("\"status\" : \"missing\"")
                .contains("\"detail\" : \"SPARE_KEY is not set\"")
                .doesNotContain(SECRET);
        var text = fx.run("keys");
        assertThat(text.out())
                .containsPattern("main +a +10 +active +\\$0.00 +\\$0.00/\\$5.00 day +-")
                .containsPattern("spare +a +0 +missing +\\$0.00 +unlimited +SPARE_KEY is not set");
    }

    @Test
    void skillsListAndShow() throws Exception {
        CliFixture.write(
                fx.project.resolve(".skills/default/style.md"),
                "---\nname: style\ndescription: house style\n---\nUse tabs.\n");
        CliFixture.write(
                fx.project.resolve(".skills/project/release.md"),
                "---\nname: release\ndescription: release steps\n---\nTag it.\n");
        CliFixture.write(fx.project.resolve(".skills/agents/reviewer.txt"), "release.md\n");
        CliFixture.write(fx.project.resolve(".skills/project/bad.md"), "no frontmatter\n");

        var list = fx.run("skills", "list", "--agent", "reviewer");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out())
                .isEqualTo(
                        """
                project
                  default/  (every agent)
                    style — house style
                  project/  (on demand)
                    release — release steps
                  agents/
                    reviewer.txt → release.md
                loaded for reviewer: project:style, project:release
                """);
        assertThat(list.err())
                .contains("warning: " + fx.project.toRealPath().resolve(".skills/project/bad.md") + ": no frontmatter");

        var show = fx.run("skills", "show", "release");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out())
                .startsWith("project:release (project)\ndescription: release steps\n")
                .endsWith("Tag it.\n");
        var missing = fx.run("skills", "show", "nope");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(missing.err()).contains("no skill 'nope'");
    }
}
