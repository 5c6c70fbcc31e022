package dev.dispatch.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellEnvTest {
    @TempDir
    Path tmp;

    @Test
    void childEnvironmentHasNoKeysOrTokens() throws Exception {
        Map<String, String> parent = Map.of(
                "PATH", System.getenv("PATH"),
                "KEEP_ME", "visible",
                "ANTHROPIC_API_KEY", "sk-ant-canary-1",
                "OPENAI_BASE_URL", "http://x",
                "GROQ_API_KEY", "gsk-canary-2",
                "DISPATCH_AGENT_TOKEN", "dsp-canary-3",
                "GITHUB_TOKEN", "ghp-canary-4",
                "AWS_SECRET_ACCESS_KEY", "aws-canary-5",
                "ODDLY_NAMED", "prefix-sk-configured-canary-6");
        Map<String, String> env = ShellEnv.scrub(parent, List.of("sk-configured-canary-6"));
        ShellResult r = Shell.start(new ShellCommand("env", tmp, Duration.ofSeconds(30), env, 65536), (c, s) -> {})
                .await();
        assertThat(r.stdout()).contains("KEEP_ME=visible").contains("PATH=");
        assertThat(r.stdout())
                .doesNotContain("canary")
                .doesNotContain("ANTHROPIC_API_KEY")
                .doesNotContain("DISPATCH_AGENT_TOKEN")
                .doesNotContain("OPENAI_")
                .doesNotContain("ODDLY_NAMED");
    }

    @Test
    void namePatterns() {
        assertThat(ShellEnv.secretName("ANTHROPIC_API_KEY")).isTrue();
        assertThat(ShellEnv.secretName("dispatch_operator_token")).isTrue();
        assertThat(ShellEnv.secretName("DISPATCH_HOME")).isFalse();
        assertThat(ShellEnv.secretName("CLIENT_SECRET")).isTrue();
        assertThat(ShellEnv.secretName("HOME")).isFalse();
        assertThat(ShellEnv.secretName("JAVA_HOME")).isFalse();
    }
}
