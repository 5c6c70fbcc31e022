package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-run advice: what it offers comes from the environment and a real HTTP Ollama stand-in,
 * it names the config file where this environment puts it, and every snippet it prints, written to
 * that file as printed, loads and gives a default model.
 */
class ModelSetupTest {
    /** Nothing listens on port 1: no Ollama, whatever runs on this machine. */
    static final String NO_OLLAMA = "127.0.0.1:1";

    @TempDir
    Path tmp;

    Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("OLLAMA_HOST", NO_OLLAMA);
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        return env;
    }

    Config load(Map<String, String> env) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        return new ConfigLoader(Dirs.resolve(env), env, project).load();
    }

    @Test
    void nothingToOfferPrintsTheFourAnthropicLinesAtTheRealPathUnderDispatchHome() throws Exception {
        var env = env("DISPATCH_HOME", tmp.resolve("dh").toString());
        List<String> advice = ModelSetup.noDefault(Dirs.resolve(env), env, load(env));
        String text = String.join("\n", advice);
        assertThat(text)
                .contains("ANTHROPIC_API_KEY and OPENAI_API_KEY are not set")
                .contains("no Ollama answers at http://127.0.0.1:1")
                .contains("Write these 4 lines to " + tmp.resolve("dh/config/config.yaml"))
                .doesNotContain("~/.config");
        assertThat(advice.stream().filter(l -> l.startsWith("  ")).map(String::strip))
                .containsExactlyElementsOf(ModelSetup.anthropic());
    }

    @Test
    void theConfigPathFollowsXdgConfigHome() throws Exception {
        var env = env("XDG_CONFIG_HOME", tmp.resolve("xdg").toString(), "ANTHROPIC_API_KEY", "sk-test");
        String text = String.join("\n", ModelSetup.noDefault(Dirs.resolve(env), env, load(env)));
        assertThat(text)
                .contains("Found: ANTHROPIC_API_KEY is set.")
                .contains("To use ANTHROPIC_API_KEY, write these lines to " + tmp.resolve("xdg/dispatch/config.yaml"))
                .doesNotContain("sk-test");
    }

    @Test
    void bothKeysAndALocalOllamaAreEachOfferedWithTheirOwnConfig() throws Exception {
        HttpServer ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.createContext("/api/tags", x -> {
            byte[] body = "{\"models\":[{\"name\":\"qwen2.5-coder:7b\"},{\"name\":\"llama3.2:latest\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        ollama.start();
        try {
            var env = env(
                    "DISPATCH_HOME",
                    tmp.resolve("dh").toString(),
                    "ANTHROPIC_API_KEY",
                    "a",
                    "OPENAI_API_KEY",
                    "o",
                    "OLLAMA_HOST",
                    "127.0.0.1:" + ollama.getAddress().getPort());
            List<ModelSetup.Offer> offers = ModelSetup.offers(env);
            assertThat(offers)
                    .extracting(ModelSetup.Offer::found)
                    .containsExactly(
                            "ANTHROPIC_API_KEY is set",
                            "OPENAI_API_KEY is set",
                            "an Ollama answers at http://127.0.0.1:"
                                    + ollama.getAddress().getPort() + " (models: qwen2.5-coder:7b, llama3.2:latest)");
            assertThat(offers.get(2).yaml())
                    .contains("providers: { ollama: { type: openai, base_url: \"http://127.0.0.1:"
                            + ollama.getAddress().getPort() + "/v1\" } }")
                    .contains("models: [ { id: local, provider: ollama, name: qwen2.5-coder:7b } ]");
            String text = String.join("\n", ModelSetup.noDefault(Dirs.resolve(env), env, load(env)));
            assertThat(text)
                    .contains("To use ANTHROPIC_API_KEY")
                    .contains("Or, to use OPENAI_API_KEY")
                    .contains("Or, to use the local Ollama");
            // every offer, written as printed, is a working config
            for (ModelSetup.Offer o : offers) assertLoadsWithADefaultModel(o.yaml(), env);
        } finally {
            ollama.stop(0);
        }
    }

    @Test
    void theFallbackFourLinesLoadAsPrinted() throws Exception {
        assertLoadsWithADefaultModel(
                ModelSetup.anthropic(), env("DISPATCH_HOME", tmp.resolve("dh").toString(), "ANTHROPIC_API_KEY", "k"));
        assertLoadsWithADefaultModel(
                ModelSetup.openAi(), env("DISPATCH_HOME", tmp.resolve("dh2").toString(), "OPENAI_API_KEY", "k"));
    }

    @Test
    void modelsWithoutADefaultNameThemInsteadOfOfferingNewOnes() throws Exception {
        var env = env("DISPATCH_HOME", tmp.resolve("dh").toString(), "ANTHROPIC_API_KEY", "k");
        Path file = Dirs.resolve(env).userConfigFile();
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                "providers: { anthropic: { type: anthropic } }\nmodels: [ { id: a, provider: anthropic, name: x },"
                        + " { id: b, provider: anthropic, name: y } ]\n");
        assertThat(ModelSetup.noDefault(Dirs.resolve(env), env, load(env)))
                .containsExactly("no default model: set default_model: in " + file
                        + " to one of the configured models (a, b), or pass --model ID");
    }

    @Test
    void aDefaultModelWithoutItsKeySaysWhichVariableToSet() throws Exception {
        var env = env("DISPATCH_HOME", tmp.resolve("dh").toString());
        Path file = Dirs.resolve(env).userConfigFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", ModelSetup.anthropic()) + "\n");
        Config config = load(env);
        assertThat(ModelSetup.noDefault(Dirs.resolve(env), env, config)).isEmpty();
        assertThat(ModelSetup.problem(Dirs.resolve(env), env, config))
                .containsExactly("model 'sonnet' (provider anthropic) needs a key: set ANTHROPIC_API_KEY (keys: in "
                        + file + ")");
        env.put("ANTHROPIC_API_KEY", "k");
        assertThat(ModelSetup.problem(Dirs.resolve(env), env, load(env))).isEmpty();
    }

    private void assertLoadsWithADefaultModel(List<String> yaml, Map<String, String> env) throws Exception {
        Path file = Dirs.resolve(env).userConfigFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", yaml) + "\n");
        Config config = load(env);
        assertThat(config.defaultModel()).isPresent();
        assertThat(ModelSetup.problem(Dirs.resolve(env), env, config))
                .as(yaml.toString())
                .isEmpty();
        Files.delete(file);
    }
}
