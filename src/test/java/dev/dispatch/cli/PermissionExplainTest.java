package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config validate} says how each permission rule was read and {@code permission explain} how the
 * rules read a path or a command, on this repository's own dispatch.yaml (every rule in it) and on
 * every other rule form: absolute, home, bare name, name glob, ./relative, relative with '/', command
 * patterns with and without '*'.
 */
class PermissionExplainTest {
    static final Path REPO = Path.of(System.getProperty("dispatch.basedir", "."));

    @TempDir
    Path tmp;

    CliFixture fx;
    Path project;

    @BeforeEach
    void setUp() throws Exception {
        fx = new CliFixture(tmp);
        project = fx.project.toRealPath();
    }

    /** This repository's deny rules, as written in its dispatch.yaml. */
    static List<String> repoDenyRules() throws Exception {
        List<String> out = new ArrayList<>();
        boolean inDeny = false;
        for (String line : Files.readAllLines(REPO.resolve("dispatch.yaml"))) {
            if (line.strip().startsWith("deny:")) inDeny = true;
            else if (inDeny && line.strip().startsWith("- "))
                out.add(line.strip().substring(2).replace("\"", ""));
            else if (inDeny && !line.isBlank() && !line.strip().startsWith("#")) inDeny = false;
        }
        return out;
    }

    @Test
    void validateReadsEveryRuleOfThisRepositorysDispatchYamlAsAProjectPathGlob() throws Exception {
        Files.copy(REPO.resolve("dispatch.yaml"), project.resolve("dispatch.yaml"));
        List<String> rules = repoDenyRules();
        assertThat(rules).contains("target/**", "man/**", "completions/**", ".mvn/wrapper/**");
        var r = fx.run("config", "validate");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ok: ");
        for (String rule : rules) {
            assertThat(r.out())
                    .contains("permissions.deny '" + rule + "' → path glob: "
                            + project.resolve(rule).normalize());
        }
        JsonNode json =
                Json.mapper().readTree(fx.run("config", "validate", "--json").out());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("rules").findValuesAsText("rule")).containsExactlyElementsOf(rules);
        assertThat(json.get("rules").findValuesAsText("kind")).containsOnly("path glob");
        assertThat(json.get("rules").get(0).get("readAs").asText())
                .isEqualTo(project.resolve("target/**").toString());
    }

    @Test
    void explainRefusesWritesIntoTheTargetTreeOfThisRepositorysRules() throws Exception {
        Files.copy(REPO.resolve("dispatch.yaml"), project.resolve("dispatch.yaml"));
        var r = fx.run("permission", "explain", "target/classes/x.txt");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("path 'target/classes/x.txt' → " + project.resolve("target/classes/x.txt"))
                .containsPattern("read +deny +by rule +.*matches the deny rule 'target/\\*\\*'")
                .containsPattern("write +deny +by rule +.*matches the deny rule 'target/\\*\\*'")
                .contains("permissions.deny 'completions/**' → path glob: " + project.resolve("completions/**"));
        var inside = fx.run("permission", "explain", "src/Main.java");
        assertThat(inside.out()).containsPattern("write +allow +by root");
    }

    @Test
    void everyRuleFormReadsAsItsDocumentedKind() throws Exception {
        Path home = tmp.resolve("home").toRealPath();
        Path allowed = Files.createDirectories(tmp.resolve("shared"));
        fx.userConfig("permissions:\n  auto_allow: [" + allowed + "]\n");
        fx.projectConfig(
                """
                permissions:
                  deny:
                    - "/etc/shadow"
                    - "~/.ssh/**"
                    - ".env"
                    - "*.pem"
                    - "./build"
                    - "secrets/**"
                    - "git push*"
                    - "curl"
                    - "npm publish"
                """);
        var r = fx.run("config", "validate");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("permissions.auto_allow '" + allowed + "' → path: " + allowed.toRealPath())
                .contains("permissions.deny '/etc/shadow' → path glob: /etc/shadow")
                .contains("permissions.deny '~/.ssh/**' → path glob: " + home + "/.ssh/**")
                .contains("permissions.deny '.env' → path glob: **/.env")
                .contains("permissions.deny '*.pem' → path glob: **/*.pem")
                .contains("permissions.deny './build' → path glob: " + project.resolve("build"))
                .contains("permissions.deny 'secrets/**' → path glob: " + project.resolve("secrets/**"))
                .contains("permissions.deny 'git push*' → command pattern: git push*")
                .contains("permissions.deny 'curl' → command pattern: curl")
                .contains("permissions.deny 'npm publish' → command pattern: npm publish");

        // each form decides what it says it does
        assertThat(fx.run("permission", "explain", "config/app.pem").out()).containsPattern("read +deny +by rule");
        assertThat(fx.run("permission", "explain", "a/b/.env").out()).containsPattern("write +deny +by rule");
        assertThat(fx.run("permission", "explain", "build/out.txt").out()).containsPattern("write +deny +by rule");
        assertThat(fx.run("permission", "explain", "~/.ssh/id_ed25519").out())
                .contains(home + "/.ssh/id_ed25519")
                .containsPattern("read +deny +by rule");
        assertThat(fx.run("permission", "explain", allowed + "/f").out()).containsPattern("write +allow +by rule");
        assertThat(fx.run("permission", "explain", "/srv/elsewhere/f").out()).containsPattern("read +ask +by rule");

        var push = fx.run("permission", "explain", "git push origin main");
        assertThat(push.out())
                .startsWith("command 'git push origin main' run in " + project)
                .contains("simple commands:\n  git push origin main")
                .containsPattern("execute +deny +by rule +'git push origin main' matches the deny rule 'git push\\*'");
        var publish = fx.run("permission", "explain", "npm test && npm publish --tag x");
        assertThat(publish.out()).containsPattern("execute +deny +by rule .*'npm publish'");
        assertThat(fx.run("permission", "explain", "curl").out()).containsPattern("execute +deny +by rule");
    }

    @Test
    void aCommandShowsWhatItReachesAndWhatMakesItAsk() {
        var r = fx.run("permission", "explain", "cat notes.txt > /tmp/elsewhere/out; echo $(whoami)");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("reaches:")
                .containsPattern("read +" + project.resolve("notes.txt"))
                .containsPattern("write +/tmp/elsewhere/out")
                .contains("concerns:\n  opaque: ")
                .containsPattern("execute +ask +by rule");
    }

    @Test
    void dispatchsOwnFilesAreProtectedWhateverTheRules() throws Exception {
        Path token = tmp.resolve("dh/state/operator.token");
        var r = fx.run("permission", "explain", token.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("kind").asText()).isEqualTo("path");
        assertThat(j.get("decisions").findValuesAsText("outcome")).containsExactly("deny", "deny");
        assertThat(j.get("decisions").findValuesAsText("decidedBy")).containsExactly("protected", "protected");
        assertThat(j.get("projectRoot").asText()).isEqualTo(project.toString());
    }

    @Test
    void theSubjectIsGuessedAndCanBeForced() throws Exception {
        Files.writeString(project.resolve("README.md"), "hi\n");
        Files.writeString(project.resolve("mvnw"), "#!/bin/sh\n");
        assertThat(kind("README.md")).isEqualTo("path"); // exists
        assertThat(kind("not-there/x.txt")).isEqualTo("path"); // looks like a path
        assertThat(kind("ls")).isEqualTo("command"); // neither
        assertThat(kind("ls -la")).isEqualTo("command"); // spaces
        assertThat(kind("mvnw")).isEqualTo("path");
        assertThat(kind("--command", "mvnw")).isEqualTo("command");
        assertThat(kind("--path", "ls")).isEqualTo("path");
        var both = fx.run("permission", "explain", "--path", "--command", "x");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    /**
     * Hostile subjects from outside: a NUL is refused by name (exit 2, nothing else happens); control
     * characters, a huge subject and unicode are answered, never a crash; a URL is another machine; a
     * relative deny rule read from a subfolder points at its dispatch.yaml's folder, in explain and list.
     */
    @Test
    void hostileSubjectsAreAnsweredOrRefusedByName() throws Exception {
        var nul = fx.run("permission", "explain", "--path", "a\0b");
        assertThat(nul.exitCode()).as(nul.out()).isEqualTo(2);
        assertThat(nul.err()).contains("not a valid path");
        for (String subject : List.of("ls \u001b[2J\n rm -rf /", "cat " + "x/".repeat(40_000), "cat ./.еnv ／etc")) {
            var r = fx.run("permission", "explain", "--json", "--command", subject);
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
        var url = fx.run("permission", "explain", "curl http://x");
        assertThat(url.exitCode()).as(url.err()).isZero();
        assertThat(url.out()).contains("network http://x (another machine, not a local path)");
        assertThat(url.out()).doesNotContain(project.resolve("http:").toString());
        // a rule of the project's dispatch.yaml, explained from a subfolder
        Files.createDirectories(project.resolve(".git"));
        fx.projectConfig("permissions:\n  deny:\n    - secrets/**\n");
        Path sub = Files.createDirectories(project.resolve("app/deep"));
        var fromSub = fx.run("permission", "explain", "--cwd", sub.toString(), "--json", project + "/secrets/k");
        assertThat(fromSub.exitCode()).as(fromSub.err()).isZero();
        assertThat(fromSub.out()).containsPattern("\"outcome\" ?: ?\"deny\"").contains(project + "/secrets/**");
        var list = fx.run("permission", "list", "--cwd", sub.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("secrets/**").contains("→ " + project + "/secrets/**");
    }

    private String kind(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("permission", "explain", "--json"));
        all.addAll(List.of(args));
        var r = fx.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out()).get("kind").asText();
    }
}
