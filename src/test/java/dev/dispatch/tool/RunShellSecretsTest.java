package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.shell.Redactor;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.shell.ShellSettings;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key configured under a name no pattern knows ({@code env: MY_LLM_KEY}) never reaches a shell
 * child: not by {@code env}, not through {@code /proc/$PPID/environ} or any other environ, sandboxed
 * or not. And a secret that does turn up in output (read from a file) is redacted from both the
 * streamed chunks and the result.
 */
class RunShellSecretsTest {
    static final String KEY = "k3y-MY-LLM-canary-0123456789";
    static final String PROBE =
            "env; echo ---; cat /proc/$PPID/environ; cat /proc/self/environ; cat /proc/*/environ 2>/dev/null;"
                    + " for e in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $e 2>/dev/null; done; echo done";

    SandboxFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    RunShellTool tool(Sandbox sandbox) {
        return new RunShellTool(
                f.env(
                        "MY_LLM_KEY",
                        KEY,
                        "ALSO_HOLDS_IT",
                        "prefix:" + KEY,
                        "DISPATCH_AGENT_TOKEN",
                        "dsp-agent-canary-77"),
                sandbox,
                root -> ShellSettings.secrets(Set.of("MY_LLM_KEY", "DISPATCH_AGENT_TOKEN"), Set.of(KEY)));
    }

    @Test
    void unsandboxedTheKeyIsNotInAnyChildEnvironment() throws Exception {
        ToolResult r = f.run(tool(Sandbox.off("test: unsandboxed")), PROBE);
        assertAbsent(r);
    }

    @Test
    void sandboxedTheKeyIsNotInAnyChildEnvironment() throws Exception {
        ToolResult r = f.run(tool(SandboxFixture.requireSandbox()), PROBE);
        assertAbsent(r);
    }

    private void assertAbsent(ToolResult r) {
        // absent, not merely redacted: the redactor would hide the value but not the names
        assertThat(r.text())
                .contains("done")
                .contains("PATH=")
                .doesNotContain("MY_LLM_KEY")
                .doesNotContain("ALSO_HOLDS_IT")
                .doesNotContain("DISPATCH_AGENT_TOKEN")
                .doesNotContain("dsp-agent-canary")
                .doesNotContain(KEY)
                .doesNotContain(Redactor.MARK);
        assertThat(f.streamedText()).doesNotContain(KEY).doesNotContain("MY_LLM_KEY");
    }

    @Test
    void aSecretInOutputIsRedactedFromStreamAndResultEvenWhenSplitAcrossWrites() throws Exception {
        Files.writeString(f.root.resolve("leak.txt"), "the key is " + KEY + "\n");
        String half = KEY.substring(0, 10);
        String rest = KEY.substring(10);
        ToolResult r = f.run(
                tool(Sandbox.off("test: unsandboxed")),
                "cat leak.txt; printf '" + half + "'; sleep 0.3; printf '" + rest + "\\n'; printf '" + half + "' >&2");
        assertThat(r.text())
                .doesNotContain(KEY)
                .contains("the key is " + Redactor.MARK)
                .contains(Redactor.MARK + "\n")
                .contains(half); // a lone prefix is not the secret
        assertThat(f.streamedText()).doesNotContain(KEY).contains(Redactor.MARK);
        assertThat(f.streamedText().replace(Redactor.MARK, "")).doesNotContain(rest);
    }
}
