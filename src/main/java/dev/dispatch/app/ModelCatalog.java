package dev.dispatch.app;

import dev.dispatch.agent.ModelChoice;
import dev.dispatch.agent.Pricing;
import dev.dispatch.config.Config;
import dev.dispatch.config.KeyConfig;
import dev.dispatch.config.ModelConfig;
import dev.dispatch.config.ProviderConfig;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.provider.ApiKey;
import dev.dispatch.provider.OllamaProbe;
import dev.dispatch.provider.Provider;
import dev.dispatch.provider.ProviderSettings;
import dev.dispatch.provider.ProviderType;
import dev.dispatch.provider.Providers;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns a model id from config ({@code sonnet}) into a running {@link ModelChoice}: its provider's
 * endpoint, the first key of that provider whose secret is present (highest priority first), prices
 * and context window. Providers are cached per endpoint and key so HTTP connections are reused.
 * Every failure names what to set and where.
 */
final class ModelCatalog {
    private final Map<String, String> env;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();

    ModelCatalog(Map<String, String> env) {
        this.env = env;
    }

    ModelChoice resolve(Config config, String requested) {
        // 1) which model
        String id = requested != null && !requested.isBlank() ? requested : config.defaultModel().orElse(null);
        if (id == null) throw EngineException.invalid(noModelMessage(config));
        ModelConfig model = config.model(id).orElseThrow(() -> EngineException.invalid("unknown model '" + id
                + "'; configured models: " + known(config) + " (add it under models: in ~/.config/dispatch/config.yaml)"));
        // 2) its provider and key
        ProviderConfig pc = config.provider(model.provider()).orElseThrow(() -> EngineException.invalid("model '" + id
                + "' uses provider '" + model.provider() + "', which is not configured: add it under providers: in"
                + " ~/.config/dispatch/config.yaml"));
        ProviderType type = ProviderType.fromConfig(pc.type());
        ProviderSettings settings = settings(pc, type, model, config);
        Provider provider = providers.computeIfAbsent(settings.name() + "|" + settings.baseUrl() + "|"
                + settings.apiKey().id() + "|" + settings.model(), k -> Providers.create(settings));
        // 3) what it costs and how much it holds
        ModelConfig.Price p = model.price();
        BigDecimal in = usd(p.input());
        Pricing pricing = new Pricing(in, usd(p.output()), p.cached().map(BigDecimal::valueOf).orElse(in), in);
        return new ModelChoice(id, model.name(), provider, pricing, model.contextWindow().map(Long::intValue).orElse(0));
    }

    private ProviderSettings settings(ProviderConfig pc, ProviderType type, ModelConfig model, Config config) {
        URI base = pc.baseUrl() == null || pc.baseUrl().isBlank() ? type.defaultBaseUrl() : URI.create(pc.baseUrl());
        ApiKey key = ApiKey.none();
        String keyEnv = type.defaultKeyEnv();
        for (KeyConfig k : config.keysFor(pc.name())) {
            keyEnv = k.secret().envVar().orElse(keyEnv);
            Optional<String> secret = k.secret().reveal(env);
            if (secret.isPresent()) {
                key = ApiKey.of(k.id(), secret.get());
                break;
            }
        }
        if (!key.isPresent() && config.keysFor(pc.name()).isEmpty()) key = ApiKey.fromEnvironment(env, keyEnv);
        var timeouts = new ProviderSettings.Timeouts(pc.connectTimeout(), pc.requestTimeout(),
                ProviderSettings.Timeouts.DEFAULT.idle());
        return new ProviderSettings(pc.name(), type, base, key, keyEnv, model.name(), (int) pc.maxTokens(),
                pc.temperature().orElse(null), timeouts, null);
    }

    private static String noModelMessage(Config config) {
        String base = "no model configured: set default_model and models: in ~/.config/dispatch/config.yaml, e.g.\n"
                + "  providers: { anthropic: { type: anthropic } }\n"
                + "  keys: [ { id: work, provider: anthropic, env: ANTHROPIC_API_KEY } ]\n"
                + "  models: [ { id: sonnet, provider: anthropic, name: claude-sonnet-4-5 } ]\n"
                + "  default_model: sonnet\n"
                + "or pass --model ID" + (config.models().isEmpty() ? "" : " (configured: " + known(config) + ")");
        return OllamaProbe.local().probe()
                .map(o -> base + "\nA local Ollama answers at " + o.baseUrl() + ": add " + o.configSnippet())
                .orElse(base);
    }

    private static String known(Config config) {
        return config.models().isEmpty()
                ? "none"
                : config.models().stream().map(ModelConfig::id).collect(Collectors.joining(", "));
    }

    private static BigDecimal usd(Optional<Double> perMillion) {
        return perMillion.map(BigDecimal::valueOf).orElse(BigDecimal.ZERO);
    }
}
