package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.ModelOps;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only ops the daemon's /v1/config and /v1/skills routes serve. */
class ModelOpsTest {
    @TempDir
    Path tmp;

    @Test
    void showConfigRedactsSecretsAndNamesOrigins() {
        try (EngineFixture fx = new EngineFixture(tmp)) {
            fx.userConfig(
                    "providers:\n  a: { type: anthropic }\nkeys:\n  - { id: k, provider: a, secret: sk-literal-canary-77 }\n");
            fx.open();
            var r = fx.submit(new ModelOps.ShowConfig(fx.project.toString()));
            assertThat(r.values()).anySatisfy(v -> {
                assertThat(v.key()).isEqualTo("keys.k.secret");
                assertThat(v.value()).isEqualTo("***");
                assertThat(v.origin()).endsWith("config.yaml:4:35");
            });
            assertThat(r.values().toString()).doesNotContain("sk-literal-canary-77");
            assertThat(r.sources()).singleElement().asString().endsWith("config.yaml");
        }
    }

    @Test
    void showSkillAsksToQualifyANameInBothScopes() {
        try (EngineFixture fx = new EngineFixture(tmp)) {
            EngineFixture.write(
                    fx.home.resolve(".skills/project/review.md"), "---\nname: review\ndescription: mine\n---\nA\n");
            EngineFixture.write(
                    fx.project.resolve(".skills/project/review.md"),
                    "---\nname: review\ndescription: theirs\n---\nB\n");
            fx.open();
            assertThatThrownBy(() -> fx.submit(new ModelOps.ShowSkill(fx.project.toString(), "review")))
                    .isInstanceOf(EngineException.class)
                    .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.INVALID))
                    .hasMessageContaining("global:review or project:review");
            assertThat(fx.submit(new ModelOps.ShowSkill(fx.project.toString(), "global:review"))
                            .body())
                    .isEqualTo("A");
            var list = fx.submit(new ModelOps.ListSkills(fx.project.toString(), null));
            assertThat(list.skills())
                    .extracting(ModelOps.SkillRow::name)
                    .containsExactly("global:review", "project:review");
        }
    }
}
