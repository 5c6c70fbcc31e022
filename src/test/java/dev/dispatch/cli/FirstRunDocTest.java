package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/first-run.md true: every fenced block marked {@code sh} is run, in order, by bash with
 * {@code set -e} in one project directory, as a user would type it: {@code dispatch} is this build (a
 * script on PATH), HOME is a fresh temp dir (so {@code ~/.config/dispatch/config.yaml} is where
 * Dispatch looks), the Anthropic key is a canary, no Ollama answers. One change is made to what the
 * doc writes: the anthropic provider gets the scripted model server's base_url, so nothing leaves this
 * machine; and the daemon's HTTP port is 0 (any free one). Blocks marked {@code shell} (install, a real key, a terminal) are shown only.
 */
@Tag("slow")
class FirstRunDocTest {
    static final Path DOC = Path.of(System.getProperty("dispatch.basedir", "."), "docs", "first-run.md");
    static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```\\s*$");

    @TempDir
    Path tmp;

    /** The fenced blocks of {@code doc} whose info string is {@code lang}, in order. */
    static List<String> blocks(String doc, String lang) {
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) if (m.group(1).equals(lang)) out.add(m.group(2));
        return out;
    }

    @Test
    void theDocumentsCheckedCommandsRunAsWritten() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        List<String> checked = blocks(doc, "sh");
        assertThat(checked).as("docs/first-run.md has checked sh blocks").hasSizeGreaterThanOrEqualTo(4);
        String all = String.join("\n", checked);
        // the walk-through the issue asks for: configure, doctor, run, explain, daemon
        assertThat(all)
                .contains("dispatch doctor")
                .contains("~/.config/dispatch/config.yaml")
                .contains("dispatch run ")
                .contains("dispatch daemon start")
                .contains("dispatch daemon stop");

        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            for (int i = 0; i < 4; i++) server.reply(ScriptedReply.text("A demo project for Dispatch."));
            String redirected = all.replace(
                    "{ anthropic: { type: anthropic } }",
                    "{ anthropic: { type: anthropic, base_url: \"" + server.baseUrl() + "\" } }");
            assertThat(redirected)
                    .as("the doc's config names the anthropic provider")
                    .isNotEqualTo(all);

            Path home = Files.createDirectories(tmp.resolve("home"));
            Path project = Files.createDirectories(home.resolve("src/myproject"));
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path dispatch = bin.resolve("dispatch");
            String java = ProcessHandle.current().info().command().orElseThrow();
            Files.writeString(
                    dispatch,
                    "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                            + "' dev.dispatch.Main \"$@\"\n");
            Files.setPosixFilePermissions(dispatch, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path script = Files.writeString(tmp.resolve("doc.sh"), "set -euxo pipefail\n" + redirected + "\n");

            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(project.toFile());
            var env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("DISPATCH_") || k.endsWith("_API_KEY"));
            env.put("HOME", home.toString());
            env.put(
                    "XDG_RUNTIME_DIR",
                    Files.createDirectories(tmp.resolve("run")).toString());
            env.put("PATH", bin + ":/usr/bin:/bin");
            env.put("ANTHROPIC_API_KEY", ScriptedModelServer.CANARY_KEY);
            env.put("OLLAMA_HOST", "127.0.0.1:1");
            env.put("DISPATCH_DAEMON_PORT", "0"); // other builds on this machine may hold the default port
            Path log = tmp.resolve("doc.log");
            Process p =
                    pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(5, TimeUnit.MINUTES);
            if (!ended) p.destroyForcibly();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended)
                    .as("the doc's commands finished; output:%n%s", output)
                    .isTrue();
            assertThat(p.exitValue())
                    .as("every checked command of docs/first-run.md succeeds:%n%s", output)
                    .isZero();
            assertThat(output)
                    .containsPattern("✓ model +sonnet \\(anthropic claude-sonnet-4-5\\)")
                    .containsPattern("! model +no model is configured")
                    .contains("A demo project for Dispatch.")
                    .doesNotContain(ScriptedModelServer.CANARY_KEY);
            assertThat(home.resolve(".config/dispatch/config.yaml")).exists();
            assertThat(server.requests()).isNotEmpty();
        }
    }

    /** The first doctor of the walk-through, before any config, shows the advice the doc describes. */
    @Test
    void theFirstDoctorWarnsAsTheDocSays() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(doc).contains("the `model` line says `!`");
        Path home = Files.createDirectories(tmp.resolve("dh"));
        var run = DispatchProcess.run(
                home, tmp, java.util.Map.of("OLLAMA_HOST", "127.0.0.1:1", "ANTHROPIC_API_KEY", ""), "doctor");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("! model").doesNotContain("✗");
    }
}
