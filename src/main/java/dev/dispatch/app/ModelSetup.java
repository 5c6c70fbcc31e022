package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.KeyConfig;
import dev.dispatch.config.ModelConfig;
import dev.dispatch.config.ProviderConfig;
import dev.dispatch.provider.OllamaProbe;
import dev.dispatch.provider.ProviderType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a user with no usable model is told, by every face (workbench, chat, run, doctor and the
 * engine's own error): what this machine already has that Dispatch could use (ANTHROPIC_API_KEY,
 * OPENAI_API_KEY, a local Ollama), the exact {@code config.yaml} lines that would use it, and the
 * real path to write them to ({@code DISPATCH_HOME} and {@code XDG_CONFIG_HOME} honoured). With
 * nothing to offer, the four lines for Anthropic. Every snippet is one the config loader accepts as it
 * stands (ModelSetupTest loads each).
 */
public final class ModelSetup {
    /** How long a first run waits for a local Ollama before saying there is none. */
    static final Duration OLLAMA_WAIT = Duration.ofMillis(300);

    /** Something found on this machine, and the config that would use it. */
    public record Offer(String found, List<String> yaml) {}

    private ModelSetup() {}

    /** The config lines for Anthropic with the key from {@code ANTHROPIC_API_KEY}. */
    public static List<String> anthropic() {
        return List.of(
                "providers: { anthropic: { type: anthropic } }",
                "keys: [ { id: anthropic, provider: anthropic, env: ANTHROPIC_API_KEY } ]",
                "models: [ { id: sonnet, provider: anthropic, name: claude-sonnet-4-5 } ]",
                "default_model: sonnet");
    }

    /** The config lines for OpenAI with the key from {@code OPENAI_API_KEY}. */
    public static List<String> openAi() {
        return List.of(
                "providers: { openai: { type: openai } }",
                "keys: [ { id: openai, provider: openai, env: OPENAI_API_KEY } ]",
                "models: [ { id: gpt, provider: openai, name: gpt-4.1 } ]",
                "default_model: gpt");
    }

    /** The config lines for an Ollama (any OpenAI-compatible server) at {@code openAiBase}, no key. */
    public static List<String> local(URI openAiBase, String model) {
        return List.of(
                "providers: { ollama: { type: openai, base_url: \"" + openAiBase + "\" } }",
                "models: [ { id: local, provider: ollama, name: " + model + " } ]",
                "default_model: local");
    }

    /** What this machine offers, best first: the keys set in {@code env}, then a local Ollama if one answers. */
    public static List<Offer> offers(Map<String, String> env) {
        List<Offer> out = new ArrayList<>();
        if (isSet(env, "ANTHROPIC_API_KEY")) out.add(new Offer("ANTHROPIC_API_KEY is set", anthropic()));
        if (isSet(env, "OPENAI_API_KEY")) out.add(new Offer("OPENAI_API_KEY is set", openAi()));
        OllamaProbe.fromEnvironment(env, OLLAMA_WAIT).probe().ifPresent(o -> {
            String model = o.models().isEmpty() ? "llama3.2" : o.models().get(0);
            String pulled = o.models().isEmpty()
                    ? "no model pulled yet: run 'ollama pull llama3.2' first"
                    : "models: " + String.join(", ", o.models());
            out.add(new Offer(
                    "an Ollama answers at " + o.baseUrl() + " (" + pulled + ")", local(o.openAiBaseUrl(), model)));
        });
        return out;
    }

    /**
     * Whether an agent started without {@code --model} has a model: empty when a default model is set;
     * else the advice, one line per element, naming the real config file. It reads only the config
     * files, which every process shares, so a face may ask before it attaches to an owner.
     */
    public static List<String> noDefault(Dirs dirs, Map<String, String> env, Config config) {
        return config.defaultModel().flatMap(config::model).isPresent() ? List.of() : advice(dirs, env, config);
    }

    /**
     * What keeps an agent started without {@code --model} from running here: {@link #noDefault}, or the
     * default model and every fallback lacking the key their provider needs in {@code env}. Empty: fine.
     */
    public static List<String> problem(Dirs dirs, Map<String, String> env, Config config) {
        List<String> none = noDefault(dirs, env, config);
        if (!none.isEmpty()) return none;
        ModelConfig first = config.model(config.defaultModel().orElseThrow()).orElseThrow();
        List<ModelConfig> candidates = new ArrayList<>(List.of(first));
        for (String f : config.fallback())
            config.model(f).filter(m -> !candidates.contains(m)).ifPresent(candidates::add);
        for (ModelConfig m : candidates) if (missingKey(dirs, env, config, m).isEmpty()) return List.of();
        return List.of(missingKey(dirs, env, config, first).orElseThrow());
    }

    /** The advice when no default model is set (see the class comment). */
    public static List<String> advice(Dirs dirs, Map<String, String> env, Config config) {
        Path file = dirs.userConfigFile();
        List<String> out = new ArrayList<>();
        if (!config.models().isEmpty()) {
            out.add("no default model: set default_model: in " + file + " to one of the configured models ("
                    + config.models().stream().map(ModelConfig::id).collect(Collectors.joining(", "))
                    + "), or pass --model ID");
            return out;
        }
        List<Offer> offers = offers(env);
        if (offers.isEmpty()) {
            out.add("no model is configured, and none was found to offer: ANTHROPIC_API_KEY and OPENAI_API_KEY are"
                    + " not set and no Ollama answers at "
                    + OllamaProbe.fromEnvironment(env, OLLAMA_WAIT).baseUrl()
                    + ".");
            out.add("Write these 4 lines to " + file + ", and set ANTHROPIC_API_KEY to your Anthropic API key:");
            out.add("");
            anthropic().forEach(l -> out.add("  " + l));
            out.add("");
            out.add("(OpenAI, a local Ollama and other servers: see docs/first-run.md.)");
            return out;
        }
        out.add("no model is configured. Found: "
                + offers.stream().map(Offer::found).collect(Collectors.joining("; ")) + ".");
        for (int i = 0; i < offers.size(); i++) {
            Offer o = offers.get(i);
            out.add((i == 0 ? "To use " : "Or, to use ") + subject(o) + ", write these lines to " + file + ":");
            out.add("");
            o.yaml().forEach(l -> out.add("  " + l));
            out.add("");
        }
        out.add("Then start again; 'dispatch doctor' checks the setup (more: docs/first-run.md).");
        return out;
    }

    /** The default model's provider needs a key and none of its keys has a secret in {@code env}. */
    private static Optional<String> missingKey(Dirs dirs, Map<String, String> env, Config config, ModelConfig model) {
        Optional<ProviderConfig> pc = config.provider(model.provider());
        if (pc.isEmpty()) return Optional.empty(); // the loader already refuses this
        ProviderType type;
        try {
            type = ProviderType.fromConfig(pc.get().type());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        URI base = pc.get().baseUrl() == null || pc.get().baseUrl().isBlank()
                ? type.defaultBaseUrl()
                : URI.create(pc.get().baseUrl());
        if (!type.requiresKey(base)) return Optional.empty();
        List<KeyConfig> keys = ModelCatalog.keysOf(config, model);
        if (keys.isEmpty()) {
            return isSet(env, type.defaultKeyEnv())
                    ? Optional.empty()
                    : Optional.of(
                            "model '" + model.id() + "' (provider " + pc.get().name() + ") needs a key: set "
                                    + type.defaultKeyEnv() + ", or add one under keys: in " + dirs.userConfigFile());
        }
        if (keys.stream().anyMatch(k -> k.secret().reveal(env).isPresent())) return Optional.empty();
        String vars = keys.stream().map(k -> k.secret().envVar().orElse(k.id())).collect(Collectors.joining(" or "));
        return Optional.of("model '" + model.id() + "' (provider " + pc.get().name() + ") needs a key: set " + vars
                + " (keys: in " + dirs.userConfigFile() + ")");
    }

    private static String subject(Offer o) {
        if (o.found().startsWith("an Ollama")) return "the local Ollama";
        return o.found().substring(0, o.found().indexOf(' '));
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
