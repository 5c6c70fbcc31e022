package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a deny rule is read: by its shape (a path glob when it starts with / ~ . or *, or is one word
 * with a /; else a command pattern), or by an explicit {@code path:} / {@code cmd:} form that overrides
 * the shape. {@code target/**} in this repository's own dispatch.yaml is the project's target tree.
 */
class RuleFormsTest {
    private static final Path HOME = Path.of("/home/me");
    private static final Path ROOT = Path.of("/work/app");

    private static Rules.Reading read(String rule) {
        return new Rules(List.of(), List.of(rule), HOME, ROOT).readings().get(0);
    }

    @Test
    void theShapeDecidesWithoutAnExplicitForm() {
        assertThat(read("target/**"))
                .extracting(Rules.Reading::kind, Rules.Reading::readAs)
                .containsExactly("path glob", "/work/app/target/**");
        assertThat(read("~/.ssh/**").readAs()).isEqualTo("/home/me/.ssh/**");
        assertThat(read(".env").readAs()).isEqualTo("**/.env");
        assertThat(read("*.pem").kind()).isEqualTo("path glob");
        assertThat(read("git push*").kind()).isEqualTo("command pattern");
        assertThat(read("curl").kind()).isEqualTo("command pattern");
    }

    @Test
    void anExplicitFormOverridesTheShape() {
        assertThat(read("path:secrets"))
                .extracting(Rules.Reading::kind, Rules.Reading::readAs)
                .containsExactly("path glob", "**/secrets");
        assertThat(read("cmd:./deploy.sh"))
                .extracting(Rules.Reading::kind, Rules.Reading::readAs)
                .containsExactly("command pattern", "./deploy.sh");
        assertThat(read("cmd: bin/release --prod").readAs()).isEqualTo("bin/release --prod");
        assertThat(read("path:/srv/private/**").readAs()).isEqualTo("/srv/private/**");
    }

    @Test
    void anExplicitPathRuleDeniesWhatItNamesAndACommandRuleThatCommand() {
        Rules rules = new Rules(List.of(), List.of("path:secrets", "cmd:./deploy.sh"), HOME, ROOT);
        assertThat(rules.readings()).hasSize(2);
        assertThat(rules.readings()).extracting(Rules.Reading::rule).containsExactly("secrets", "./deploy.sh");
        assertThat(rules.deniedPath(ROOT.resolve("config/secrets/key.txt"))).isPresent();
        assertThat(rules.deniedPath(ROOT.resolve("config/public/key.txt"))).isEmpty();
        assertThat(rules.deniedCommand("./deploy.sh --now")).isPresent();
        assertThat(rules.deniedCommand("./build.sh")).isEmpty();
    }
}
