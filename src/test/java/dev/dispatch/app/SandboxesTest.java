package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.shell.ShellSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell tool learns every configured secret from the real config: a key under a name no
 * pattern knows ({@code env: MY_LLM_KEY}), a literal key, the agent token and the operator token;
 * and the sandbox lists with {@code ~/} meaning the home, defaults included.
 */
class SandboxesTest {
    @TempDir
    Path tmp;

    @Test
    void settingsCarryEveryConfiguredSecretAndTheSandboxLists() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path project = Files.createDirectories(tmp.resolve("project"));
        Map<String, String> env = Map.of(
                "DISPATCH_HOME",
                tmp.resolve("dh").toString(),
                "HOME",
                home.toString(),
                "MY_LLM_KEY",
                "sk-my-llm-value-123",
                "DISPATCH_AGENT_TOKEN",
                "dsp-agent-token-456");
        Dirs dirs = Dirs.resolve(env);
        Files.createDirectories(dirs.config());
        Files.writeString(
                dirs.userConfigFile(),
                """
                providers:
                  p: {type: openai, base_url: "http://127.0.0.1:1"}
                keys:
                  - {id: a, provider: p, env: MY_LLM_KEY}
                  - {id: b, provider: p, secret: literal-secret-789}
                sandbox:
                  read: [~/.tool-config]
                """);
        Files.createDirectories(dirs.state());
        Files.writeString(dirs.operatorToken(), "op-token-0000000\n");
        ShellSettings s = Sandboxes.settings(ProjectConfig.load(dirs, env, project), env, dirs);
        assertThat(s.secretNames()).contains("MY_LLM_KEY", "DISPATCH_AGENT_TOKEN");
        assertThat(s.secretValues())
                .contains("sk-my-llm-value-123", "literal-secret-789", "dsp-agent-token-456", "op-token-0000000");
        assertThat(s.read()).containsExactly(home.resolve(".tool-config"));
        assertThat(s.write()).contains(home.resolve(".m2/repository"), home.resolve(".npm"));
    }
}
