package dev.dispatch.agent;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Mode;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.PermissionAnswer;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY.md's "Shell analysis" catalogue through the real tool loop: the scripted model asks
 * {@code run_shell} for hostile command lines; in deny mode each must be refused before anything
 * runs, and nothing outside the project may change. Commands run unsandboxed here, so the refusal
 * is the policy's alone.
 */
class ShellPermissionScenarioTest {
    @TempDir
    Path base;

    ScriptedModelServer server;
    PermissionFixture f;

    @BeforeEach
    void setUp() throws Exception {
        server = ScriptedModelServer.start();
        f = new PermissionFixture(base);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
        server.close();
    }

    static String shell(String command) {
        try {
            return Json.mapper().writeValueAsString(java.util.Map.of("command", command));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void runAll(List<String> commands) throws InterruptedException {
        List<ScriptedReply.ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) calls.add(call("c" + i, "run_shell", shell(commands.get(i))));
        server.replyToolCalls(calls.toArray(ScriptedReply.ToolCall[]::new)).replyText("done");
        f.run(server.anthropicSettings(), "shell");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ls && rm -rf ~",
                "ls; rm -f ../ws-evil/keep.txt",
                "false || rm -f ../ws-evil/keep.txt",
                "cat README.md | sh",
                "ls\nrm -rf ../outside",
                "echo $(rm -rf ../outside)",
                "echo `rm -rf ../outside`",
                "diff <(ls) <(ls ..)",
                "(rm -rf ../outside)",
                "bash -c 'rm -rf ../outside'",
                "eval 'rm -rf ../outside'",
                "echo pwned > ../outside/secret.txt",
                "echo pwned >> ~/.bashrc",
                "ls 2> ../outside/err.log",
                "ls &> ../outside/all.log",
                "echo pwned | tee ../outside/tee.txt",
                "cat > ../outside/heredoc.txt <<EOF\npwned\nEOF",
                "cd .. && touch outside/cd.txt",
                "cd /etc && cat hostname > ../" + "tmp-never",
                "LD_PRELOAD=/nonexistent.so ls",
                "GIT_CONFIG_GLOBAL=../outside/gitconfig git status",
                "JAVA_TOOL_OPTIONS=-Dx=1 ls",
                "echo hi > .git/hooks/pre-commit"
            })
    void hostileCommandsAreRefusedAndChangeNothing(String command) throws Exception {
        f.start();
        runAll(List.of(command));
        assertThat(f.results()).singleElement().satisfies(r -> {
            assertThat(r.failed()).isTrue();
            assertThat(r.result()).startsWith("permission denied");
        });
        assertThat(f.project.resolve(".git/hooks/pre-commit")).doesNotExist();
        f.assertNothingOutsideChanged();
    }

    @Test
    void aSafePrefixGrantsNothingToTheRestButSafeCommandsRun() throws Exception {
        f.start();
        Files.writeString(f.project.resolve("README.md"), "readme\n");
        runAll(List.of(
                "cat README.md && ls",
                "mkdir -p sub && cd sub && touch ../made.txt && pwd",
                "cat README.md && rm -rf ~"));
        var r = f.results();
        assertThat(r.get(0).failed()).isFalse();
        assertThat(r.get(0).result()).contains("readme");
        assertThat(r.get(1).failed()).isFalse();
        assertThat(f.project.resolve("made.txt")).exists();
        assertThat(r.get(2).result()).startsWith("permission denied").contains(f.home.toString());
        f.assertNothingOutsideChanged();
    }

    @Test
    void aSessionGrantForOneCommandDoesNotAllowAnother() throws Exception {
        f.mode = Mode.ASK;
        f.start();
        f.answer(PermissionAnswer.SESSION, "");
        f.answer(PermissionAnswer.DENY, "only the date");
        runAll(List.of("echo $(date +%Y)", "echo $(date +%Y)", "echo $(id -u)"));
        var r = f.results();
        assertThat(f.requests()).hasSize(2);
        assertThat(f.requests().get(0).command()).isEqualTo("echo $(date +%Y)");
        assertThat(f.requests().get(0).reason()).contains("command substitution");
        assertThat(r.get(0).failed()).isFalse();
        assertThat(r.get(1).failed()).isFalse();
        assertThat(r.get(2).result()).contains("the user denied this").contains("only the date");
        f.assertNothingOutsideChanged();
    }

    @Test
    void theShellEnvironmentHoldsNoProviderKeyOrDispatchToken() throws Exception {
        f.start();
        runAll(List.of("env"));
        String out = f.results().get(0).result();
        assertThat(out).contains("HOME=");
        assertThat(out)
                .doesNotContain("sk-canary-env")
                .doesNotContain("tok-canary")
                .doesNotContain("ANTHROPIC_API_KEY");
        f.assertNothingOutsideChanged();
    }

    @Test
    void acceptEditsRunsOpaqueCommandsInsideButNeverReachesOutside() throws Exception {
        f.mode = Mode.ACCEPT_EDITS;
        f.start();
        runAll(List.of("echo $(echo inside) > made.txt", "echo $(echo x) > ../outside/x.txt"));
        var r = f.results();
        assertThat(r.get(0).failed()).as(r.get(0).result()).isFalse();
        assertThat(Files.readString(f.project.resolve("made.txt"))).isEqualTo("inside\n");
        assertThat(r.get(1).result()).startsWith("permission denied").contains("accept-edits");
        assertThat(f.requests()).isEmpty();
        f.assertNothingOutsideChanged();
    }
}
