package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relative deny rule belongs to the {@code dispatch.yaml} that declared it: an agent started in a
 * subfolder (or any folder below the file) meets {@code secrets/**} at the file's folder, not at its
 * own cwd, by file tools and shell commands alike, in every mode (a deny is never asked). A user-level
 * rule matches at any depth. Hostile folder names ({@code [}, {@code *}, {@code {}) are literal.
 */
class RuleAnchorTest {
    @TempDir
    Path tmp;

    Path home;
    Path repo;
    Path sub;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        tmp = tmp.toRealPath();
        home = Files.createDirectories(tmp.resolve("home"));
        env.put("HOME", home.toString());
        env.put("DISPATCH_HOME", tmp.resolve("dh").toString());
        repo = Files.createDirectories(tmp.resolve("we[i]rd*{repo}"));
        Files.createDirectories(repo.resolve(".git"));
        sub = Files.createDirectories(repo.resolve("app/deep"));
        Files.createDirectories(repo.resolve("secrets"));
        Files.writeString(repo.resolve("secrets/key"), "k");
        Files.createDirectories(repo.resolve("build/out"));
        Files.writeString(
                repo.resolve("dispatch.yaml"),
                "permissions:\n  deny:\n    - secrets/**\n    - ./build/out\n    - '*/private/**'\n");
        Path user = Dirs.resolve(env).userConfigFile();
        Files.createDirectories(user.getParent());
        Files.writeString(user, "permissions:\n  deny:\n    - target/**\n");
    }

    private Policy policyAt(Path cwd) throws Exception {
        Config config = new ConfigLoader(Dirs.resolve(env), env, cwd).load();
        Rules rules = Rules.from(config.permissions(), home);
        return new Policy(cwd, rules, List.of(tmp.resolve("dh")), home);
    }

    @Test
    void aRelativeRuleIsRelativeToItsFileNotToTheAgentsCwd() throws Exception {
        for (Path cwd : List.of(repo, sub)) {
            Policy p = policyAt(cwd);
            assertThat(p.path(Operation.READ, repo.resolve("secrets/key"), "").outcome())
                    .as("read secrets/key from %s", cwd)
                    .isEqualTo(Evaluation.Outcome.DENY);
            assertThat(p.path(Operation.WRITE, repo.resolve("build/out/x"), "").outcome())
                    .isEqualTo(Evaluation.Outcome.DENY);
            assertThat(p.path(Operation.READ, repo.resolve("app/private/x"), "").outcome())
                    .isEqualTo(Evaluation.Outcome.DENY);
            // and a shell command reaching it, relative to the subfolder
            Path rel = cwd.relativize(repo.resolve("secrets/key"));
            assertThat(p.evaluate(PermissionRequest.execute("cat " + rel, cwd, "t"))
                            .outcome())
                    .as("cat %s from %s", rel, cwd)
                    .isEqualTo(Evaluation.Outcome.DENY);
            assertThat(p.evaluate(PermissionRequest.execute(
                                    "cp x ./" + cwd.relativize(repo.resolve("secrets")) + "/", cwd, "t"))
                            .outcome())
                    .isEqualTo(Evaluation.Outcome.DENY);
        }
        // a folder named like the rule below the subfolder is not what the rule names
        Files.createDirectories(sub.resolve("secrets"));
        assertThat(policyAt(sub)
                        .path(Operation.READ, sub.resolve("secrets/x"), "")
                        .outcome())
                .isEqualTo(Evaluation.Outcome.ALLOW);
    }

    @Test
    void aUserLevelRelativeRuleMatchesAtAnyDepthAndReadingsShowTheAbsoluteForm() throws Exception {
        Policy p = policyAt(sub);
        assertThat(p.path(Operation.WRITE, sub.resolve("target/classes/A.class"), "")
                        .outcome())
                .isEqualTo(Evaluation.Outcome.DENY);
        assertThat(p.path(Operation.WRITE, repo.resolve("target/x"), "").outcome())
                .isEqualTo(Evaluation.Outcome.DENY);
        List<Rules.Reading> readings = p.rules().readings();
        assertThat(readings)
                .extracting(Rules.Reading::readAs)
                .contains("**/target/**", Rules.globQuote(repo.toString()) + "/secrets/**");
        assertThat(Rules.reading("deny", "secrets/**", home, repo).readAs())
                .isEqualTo(Rules.globQuote(repo.toString()) + "/secrets/**");
        assertThat(Rules.reading("deny", "../shared/**", home, repo).readAs())
                .isEqualTo(Rules.globQuote(tmp.toString()) + "/shared/**");
        assertThat(Rules.reading("deny", "secrets/**", home, null).readAs()).isEqualTo("**/secrets/**");
    }
}
