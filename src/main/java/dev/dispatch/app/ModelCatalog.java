package dev.dispatch.app;

import dev.dispatch.agent.ModelChoice;
import dev.dispatch.agent.Pricing;
import dev.dispatch.agent.Route;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.KeyConfig;
import dev.dispatch.config.ModelConfig;
import dev.dispatch.config.ProviderConfig;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.provider.ApiKey;
import dev.dispatch.provider.Provider;
import dev.dispatch.provider.ProviderSettings;
import dev.dispatch.provider.ProviderType;
import dev.dispatch.provider.Providers;
import dev.dispatch.provider.RetryPolicy;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns model ids and tags from config into running models. {@link #resolve} gives one
 * {@link ModelChoice} (the model's first key whose secret is present); {@link #routes} gives every way
 * to serve an agent, best first, for the key gateway. Providers are cached per endpoint, key and model
 * so HTTP connections are reused. Every failure names what to set and where.
 */
final class ModelCatalog {
    /**
     * Routed providers retry briefly on the same key and never wait out a retry-after themselves:
     * the gateway cools the key and fails over instead.
     */
    static final RetryPolicy ROUTED_RETRY =
            new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ZERO);

    private final Map<String, String> env;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();

    ModelCatalog(Map<String, String> env) {
        this.env = env;
    }

    Map<String, String> env() {
        return env;
    }

    ModelChoice resolve(Config config, String requested) {
        // 1) which model
        String id = requested != null && !requested.isBlank()
                ? requested
                : config.defaultModel().orElse(null);
        if (id == null) throw EngineException.invalid(noModelMessage(config));
        ModelConfig model = model(config, id);
        // 2) its provider and key
        ProviderConfig pc = provider(config, model);
        ApiKey key = ApiKey.none();
        for (KeyConfig k : keysOf(config, model)) {
            Optional<String> secret = k.secret().reveal(env);
            if (secret.isPresent()) {
                key = ApiKey.of(k.id(), secret.get());
                break;
            }
        }
        return choice(config, model, pc, key, null, null);
    }

    /** The model ids that may serve a request for {@code model} or {@code tag}, best first. */
    List<ModelConfig> candidates(Config config, String modelId, String tag) {
        List<ModelConfig> out = new ArrayList<>();
        if (tag != null && !tag.isBlank()) {
            for (String f : config.fallback())
                config.model(f).filter(m -> m.tags().contains(tag)).ifPresent(out::add);
            for (ModelConfig m : config.models()) if (m.tags().contains(tag) && !out.contains(m)) out.add(m);
            if (out.isEmpty()) {
                List<String> tags = config.models().stream()
                        .flatMap(m -> m.tags().stream())
                        .distinct()
                        .toList();
                throw EngineException.invalid("no model has tag '" + tag + "'; tags in use: " + tags
                        + " (add it to a model's tags: in " + userFile() + ")");
            }
            return out;
        }
        String id = modelId != null && !modelId.isBlank()
                ? modelId
                : config.defaultModel().orElse(null);
        if (id == null) throw EngineException.invalid(noModelMessage(config));
        out.add(model(config, id));
        for (String f : config.fallback())
            config.model(f).filter(m -> !out.contains(m)).ifPresent(out::add);
        return out;
    }

    /** Every (model, key) that could serve, best first; keys without a secret in the environment are left out. */
    List<Route> routes(Config config, String modelId, String tag) {
        List<Route> out = new ArrayList<>();
        for (ModelConfig m : candidates(config, modelId, tag)) {
            ProviderConfig pc = provider(config, m);
            List<KeyConfig> keys = keysOf(config, m);
            if (keys.isEmpty()) {
                ProviderType type = ProviderType.fromConfig(pc.type());
                ApiKey k = ApiKey.fromEnvironment(env, type.defaultKeyEnv());
                String fp = k.isPresent() ? KeyFingerprints.ofDefault(k.id(), pc, env.get(type.defaultKeyEnv())) : null;
                tryChoice(config, m, pc, k, null)
                        .ifPresent(c -> out.add(new Route(
                                c,
                                k.isPresent() ? k.id() : "provider:" + pc.name(),
                                dev.dispatch.session.BudgetCaps.NONE,
                                fp)));
                continue;
            }
            for (KeyConfig k : keys) {
                Optional<String> secret = k.secret().reveal(env);
                if (secret.isEmpty()) continue;
                tryChoice(
                                config,
                                m,
                                pc,
                                ApiKey.of(k.id(), secret.get()),
                                k.secret().envVar().orElse(null))
                        .ifPresent(c -> out.add(
                                new Route(c, k.id(), KeyCaps.of(k.budget()), KeyFingerprints.of(k, pc, secret.get()))));
            }
        }
        return out;
    }

    /** A model's keys: the ones it names, or every key of its provider, highest priority first. */
    static List<KeyConfig> keysOf(Config config, ModelConfig model) {
        List<KeyConfig> all = config.keysFor(model.provider());
        if (model.keys().isEmpty()) return all;
        return all.stream().filter(k -> model.keys().contains(k.id())).toList();
    }

    private Optional<ModelChoice> tryChoice(
            Config config, ModelConfig m, ProviderConfig pc, ApiKey key, String keyEnv) {
        try {
            return Optional.of(choice(config, m, pc, key, ROUTED_RETRY, keyEnv));
        } catch (EngineException missingKey) {
            return Optional.empty();
        }
    }

    /** @param routedKeyEnv the env var of the key this choice is built for, named in its failures; null: the model's first */
    private ModelChoice choice(
            Config config, ModelConfig model, ProviderConfig pc, ApiKey key, RetryPolicy retry, String routedKeyEnv) {
        ProviderType type = ProviderType.fromConfig(pc.type());
        String keyEnv = routedKeyEnv != null
                ? routedKeyEnv
                : keysOf(config, model).stream()
                        .map(k -> k.secret().envVar().orElse(null))
                        .filter(v -> v != null)
                        .findFirst()
                        .orElse(type.defaultKeyEnv());
        if (!key.isPresent() && config.keysFor(pc.name()).isEmpty()) key = ApiKey.fromEnvironment(env, keyEnv);
        URI base = pc.baseUrl() == null || pc.baseUrl().isBlank() ? type.defaultBaseUrl() : URI.create(pc.baseUrl());
        var timeouts = new ProviderSettings.Timeouts(
                pc.connectTimeout(), pc.requestTimeout(), ProviderSettings.Timeouts.DEFAULT.idle());
        ProviderSettings settings = new ProviderSettings(
                pc.name(),
                type,
                base,
                key,
                keyEnv,
                model.name(),
                (int) pc.maxTokens(),
                pc.temperature().orElse(null),
                timeouts,
                retry);
        Provider provider = providers.computeIfAbsent(
                settings.name() + "|" + settings.baseUrl() + "|"
                        + settings.apiKey().id() + "|" + settings.model() + "|" + (retry == null ? "" : "routed") + "|"
                        + settings.maxTokens(),
                k -> create(settings));
        ModelConfig.Price p = model.price();
        BigDecimal in = usd(p.input());
        Pricing pricing = new Pricing(
                in, usd(p.output()), p.cached().map(BigDecimal::valueOf).orElse(in), in);
        return new ModelChoice(
                model.id(),
                model.name(),
                provider,
                pricing,
                model.contextWindow().map(Long::intValue).orElse(0));
    }

    /** Shuts every provider's HTTP client down (their threads end). */
    void close() {
        providers.values().forEach(Provider::close);
        providers.clear();
    }

    private ModelConfig model(Config config, String id) {
        return config.model(id)
                .orElseThrow(() -> EngineException.invalid("unknown model '" + id + "'; configured models: "
                        + known(config) + " (add it under models: in " + userFile() + ")"));
    }

    private ProviderConfig provider(Config config, ModelConfig model) {
        return config.provider(model.provider())
                .orElseThrow(() -> EngineException.invalid("model '" + model.id()
                        + "' uses provider '" + model.provider()
                        + "', which is not configured: add it under providers: in " + userFile()));
    }

    /** What to write, and where, when no model is given and none is the default ({@link ModelSetup}). */
    private String noModelMessage(Config config) {
        return String.join("\n", ModelSetup.advice(Dirs.resolve(env), env, config));
    }

    /** A provider; its missing-key message names the user config this environment really uses. */
    private Provider create(ProviderSettings settings) {
        try {
            return Providers.create(settings);
        } catch (EngineException e) {
            if (!e.getMessage().contains(ConfigLoader.USER_FILE_IN_MESSAGES)) throw e;
            throw new EngineException(e.code(), e.getMessage().replace(ConfigLoader.USER_FILE_IN_MESSAGES, userFile()));
        }
    }

    /** The user's config file, as this engine's environment places it, for messages. */
    private String userFile() {
        return Dirs.resolve(env).userConfigFile().toString();
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
