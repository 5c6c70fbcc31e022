package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh home with no model: {@code run} and {@code chat} exit 1 with what to write and where, before
 * any store is opened; {@code doctor} warns with the same advice; the path named is where this
 * environment's config lives (DISPATCH_HOME, XDG_CONFIG_HOME), never a hard-coded {@code ~/.config}.
 */
class FirstRunTest {
    @TempDir
    Path tmp;

    Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("OLLAMA_HOST", "127.0.0.1:1"); // nothing listens there: no Ollama to offer
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        return env;
    }

    CliHarness.Result run(Map<String, String> env, String... args) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        return Environment.with(new Environment.Snapshot(env, project), () -> CliHarness.run(args));
    }

    @Test
    void runOnAFreshHomeExitsOneWithTheFourLinesAtTheRealPath() throws Exception {
        var r = run(env("DISPATCH_HOME", tmp.resolve("dh").toString()), "run", "hello");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("dispatch: no model is configured")
                .contains("Write these 4 lines to " + tmp.resolve("dh/config/config.yaml"))
                .contains("  default_model: sonnet")
                .doesNotContain("~/.config")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(tmp.resolve("dh/data/dispatch.mv.db")).doesNotExist();
    }

    @Test
    void runOffersTheKeyItFindsAtTheXdgPath() throws Exception {
        var env = env(
                "XDG_CONFIG_HOME", tmp.resolve("xdg-config").toString(),
                "XDG_DATA_HOME", tmp.resolve("xdg-data").toString(),
                "XDG_STATE_HOME", tmp.resolve("xdg-state").toString(),
                "XDG_RUNTIME_DIR", tmp.resolve("xdg-run").toString(),
                "OPENAI_API_KEY", "sk-from-env");
        var r = run(env, "run", "hello");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("Found: OPENAI_API_KEY is set.")
                .contains(
                        "To use OPENAI_API_KEY, write these lines to " + tmp.resolve("xdg-config/dispatch/config.yaml"))
                .contains("  keys: [ { id: openai, provider: openai, env: OPENAI_API_KEY } ]")
                .doesNotContain("sk-from-env");
    }

    @Test
    void chatSaysTheSameAndExitsOne() throws Exception {
        var r = run(env("DISPATCH_HOME", tmp.resolve("dh").toString(), "ANTHROPIC_API_KEY", "k"), "chat");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("Found: ANTHROPIC_API_KEY is set.")
                .contains("write these lines to " + tmp.resolve("dh/config/config.yaml"));
    }

    @Test
    void doctorWarnsAboutTheModelWithTheFixAndStillPasses() throws Exception {
        var env = env("DISPATCH_HOME", tmp.resolve("dh").toString());
        var r = run(env, "doctor");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("! model")
                .contains("no model is configured")
                .contains("Write these 4 lines to " + tmp.resolve("dh/config/config.yaml"))
                .contains("      providers: { anthropic: { type: anthropic } }");
        JsonNode model =
                check(Json.mapper().readTree(run(env, "doctor", "--json").out()), "model");
        assertThat(model.get("status").asText()).isEqualTo("warn");
        assertThat(model.get("notes").toString()).contains("default_model: sonnet");
    }

    @Test
    void doctorIsContentOnceTheOfferedConfigIsWritten() throws Exception {
        var env = env("DISPATCH_HOME", tmp.resolve("dh").toString());
        Path file = tmp.resolve("dh/config/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", dev.dispatch.app.ModelSetup.anthropic()) + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        var r = run(env, "doctor");
        assertThat(r.out()).contains("! model").contains("needs a key: set ANTHROPIC_API_KEY");
        env.put("ANTHROPIC_API_KEY", "k");
        r = run(env, "doctor");
        assertThat(r.out()).contains("✓ model").contains("sonnet (anthropic claude-sonnet-4-5)");
    }

    /** The real process: no stack trace, exit 1, the advice on stderr. */
    @Test
    void runAsAProcessExitsOneWithTheAdvice() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("ph"));
        Path project = Files.createDirectories(tmp.resolve("project"));
        var run = DispatchProcess.run(
                home,
                project,
                Map.of("OLLAMA_HOST", "127.0.0.1:1", "ANTHROPIC_API_KEY", "", "OPENAI_API_KEY", ""),
                "run",
                "hi");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err())
                .contains("no model is configured")
                .contains(home.resolve("config/config.yaml").toString())
                .doesNotContain("Exception");
        assertThat(List.of(run.err().split("\n")))
                .filteredOn(l -> l.startsWith("  "))
                .hasSize(4);
    }

    private static JsonNode check(JsonNode root, String name) {
        for (JsonNode n : root.get("checks")) if (n.get("name").asText().equals(name)) return n;
        throw new AssertionError(name + " missing");
    }
}
