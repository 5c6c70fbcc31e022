package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, class 7: a repository's dispatch.yaml may only name files of that repository, by real path.
 * Absolute paths, {@code ..}, links inside the project that point out, kernel files and Dispatch's own
 * directories are refused with the place and the rule; the user's own config may name any regular file
 * but never a kernel file, a FIFO or an oversized one.
 */
class ProjectPathsTest {
    @TempDir
    Path tmp;

    ConfigFixture fx;
    String root;

    @BeforeEach
    void setUp() throws IOException {
        fx = new ConfigFixture(tmp);
        root = fx.project.toRealPath().toString();
        ConfigFixture.write(tmp.resolve("home/src/outside/secret.txt"), "SECRET");
    }

    private List<String> problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private String projectPrompt(String path) {
        fx.projectFile("agents:\n  - id: r\n    prompt_file: " + path + "\n");
        return String.join("\n", problems());
    }

    private static String outside(String written, String root) {
        return "dispatch.yaml:3:18: agents[0].prompt_file '" + written + "' is outside the project (" + root
                + "); a project config may only name files inside it";
    }

    @Test
    void dotDotOutOfTheProjectIsRefusedWithThePlaceAndTheRule() {
        assertThat(projectPrompt("../outside/secret.txt")).isEqualTo(outside("../outside/secret.txt", root));
        assertThat(projectPrompt("sub/../../outside/secret.txt"))
                .isEqualTo(outside("sub/../../outside/secret.txt", root));
    }

    @Test
    void absoluteHomeAndKernelPathsAreRefused() {
        String secret = tmp.resolve("home/src/outside/secret.txt").toString();
        assertThat(projectPrompt(secret)).isEqualTo(outside(secret, root));
        assertThat(projectPrompt("~/src/outside/secret.txt")).isEqualTo(outside("~/src/outside/secret.txt", root));
        assertThat(projectPrompt("/proc/self/environ"))
                .contains("'/proc/self/environ'")
                .contains("under /proc");
        assertThat(projectPrompt("/etc/hostname")).isEqualTo(outside("/etc/hostname", root));
    }

    @Test
    void theOperatorTokenIsRefusedWhereverDispatchHomeIs() throws IOException {
        Path token = fx.dirs().operatorToken();
        ConfigFixture.write(token, "op-token");
        assertThat(projectPrompt(token.toString())).isEqualTo(outside(token.toString(), root));

        // Dispatch's home inside the project is still not the project's to name.
        fx.env.put("DISPATCH_HOME", fx.project.resolve(".dh").toString());
        Path inner = fx.dirs().operatorToken();
        ConfigFixture.write(inner, "op-token");
        assertThat(projectPrompt(".dh/state/operator.token"))
                .isEqualTo("dispatch.yaml:3:18: agents[0].prompt_file"
                        + " '.dh/state/operator.token' is in Dispatch's own directory (" + root
                        + "/.dh/state); a project"
                        + " config may only name the project's files");
    }

    @Test
    void linksInsideTheProjectArePathsToWhereTheyPoint() throws IOException {
        Files.createSymbolicLink(fx.project.resolve("innocent.md"), tmp.resolve("home/src/outside/secret.txt"));
        assertThat(projectPrompt("innocent.md")).isEqualTo(outside("innocent.md", root));
        Files.createSymbolicLink(fx.project.resolve("env.md"), Path.of("/proc/self/environ"));
        assertThat(projectPrompt("env.md")).contains("under /proc");
        Files.createSymbolicLink(fx.project.resolve("docs"), tmp.resolve("home/src/outside"));
        assertThat(projectPrompt("docs/secret.txt")).isEqualTo(outside("docs/secret.txt", root));
    }

    @Test
    void aProjectFileInsideTheProjectIsReadAndSoIsALinkThatStaysInside() throws IOException {
        ConfigFixture.write(fx.project.resolve("prompts/review.md"), "Review carefully.\n");
        Files.createSymbolicLink(fx.project.resolve("r.md"), Path.of("prompts/review.md"));
        fx.projectFile("agents:\n  - { id: a, prompt_file: prompts/review.md }\n  - { id: b, prompt_file: r.md }\n");
        Config c = fx.load();
        assertThat(c.agent("a").orElseThrow().systemPrompt()).contains("Review carefully.\n");
        assertThat(c.agent("b").orElseThrow().systemPrompt()).contains("Review carefully.\n");
    }

    @Test
    void aDispatchYamlLinkedOutOfTheProjectIsNotRead() throws IOException {
        ConfigFixture.write(tmp.resolve("home/src/outside/dispatch.yaml"), "default_model: x\n");
        Files.createSymbolicLink(fx.project.resolve("dispatch.yaml"), tmp.resolve("home/src/outside/dispatch.yaml"));
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith("dispatch.yaml: the config file '")
                .contains("is outside the project (" + root + ")");
    }

    /**
     * Every path list a project sets is confined (today none but auto_allow exists, which is exempt: the
     * merge lets a project only narrow it to paths the user's own list holds, so it can only take away).
     */
    @Test
    void listPathsOfAProjectLayerAreConfinedExceptNarrowingOnes() throws IOException {
        PathRules rules = PathRules.projectFile(fx.home, fx.project, fx.project, fx.dirs());
        assertThat(rules.resolve("build")).isEqualTo(fx.project.resolve("build"));
        assertThat(catchThrowableOfType(PathRules.Outside.class, () -> rules.resolve("../outside")))
                .hasMessage("'../outside' is outside the project (" + root + "); a project config may only name"
                        + " files inside it");
        Files.createSymbolicLink(fx.project.resolve("out"), tmp.resolve("home/src/outside"));
        assertThat(catchThrowableOfType(PathRules.Outside.class, () -> rules.resolve("out/new/x")))
                .hasMessageContaining("'out/new/x' is outside the project");
        assertThat(catchThrowableOfType(PathRules.Outside.class, () -> rules.resolve("/proc/1/root")))
                .hasMessageContaining("is outside the project");

        fx.userFile("permissions:\n  auto_allow: [\"~\"]\n");
        fx.projectFile("permissions:\n  auto_allow: [build, ../outside]\n");
        assertThat(fx.load().get("permissions.auto_allow").orElseThrow().value())
                .isEqualTo(List.of(
                        fx.project.resolve("build").toString(),
                        tmp.resolve("home/src/outside").toString()));
    }

    @Test
    void theUserConfigMayNameAnyRegularFileButNoKernelFileFifoOrHugeFile() throws Exception {
        Path secret = tmp.resolve("home/src/outside/secret.txt");
        fx.userFile("agents:\n  - id: r\n    prompt_file: " + secret + "\n");
        assertThat(fx.load().agent("r").orElseThrow().systemPrompt()).contains("SECRET");

        String user = tmp.resolve("dh/config/config.yaml").toString();
        fx.userFile("agents:\n  - id: r\n    prompt_file: /proc/self/environ\n");
        assertThat(problems())
                .containsExactly(user + ":3:18: agents[0].prompt_file: '/proc/self/environ' resolves to "
                        + Path.of("/proc/self/environ").toRealPath()
                        + ", under /proc; config may only name regular files");

        Path fifo = ConfigFilesTest.mkfifo(tmp.resolve("pipe.md"));
        fx.userFile("agents:\n  - id: r\n    prompt_file: " + fifo + "\n");
        assertThat(problems()).singleElement().asString().contains("is a device, FIFO or socket, not a regular file");

        Path big = tmp.resolve("big.md");
        Files.writeString(big, "p".repeat((int) ConfigFiles.PROMPT_LIMIT + 1));
        fx.userFile("agents:\n  - id: r\n    prompt_file: " + big + "\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .contains("agents 'r': prompt_file " + big.toRealPath()
                        + " is 262145 bytes, over the limit of 262144 bytes (256 KiB)");
    }
}
