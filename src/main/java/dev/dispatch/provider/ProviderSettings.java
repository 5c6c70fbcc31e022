package dev.dispatch.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to talk to one configured provider. The config package maps its
 * {@code providers:} entries onto this; {@link #toString()} never shows the key.
 *
 * @param name the configured name ({@code anthropic}, {@code local}), used in every message
 * @param type the wire format
 * @param baseUrl API root: {@code https://api.anthropic.com}, {@code https://api.openai.com/v1},
 *     {@code http://127.0.0.1:11434/v1}; the adapter appends {@code /v1/messages} or {@code /chat/completions}
 * @param apiKey the resolved key, or {@link ApiKey#none()}
 * @param keyEnv the environment variable the key is expected in, named when it is missing
 * @param model default model id
 * @param maxTokens default output cap
 * @param temperature default temperature, or null to leave it to the provider
 */
public record ProviderSettings(
        String name,
        ProviderType type,
        URI baseUrl,
        ApiKey apiKey,
        String keyEnv,
        String model,
        int maxTokens,
        Double temperature,
        Timeouts timeouts,
        RetryPolicy retry) {

    /**
     * @param connect to open the connection
     * @param response from sending the request to the response headers
     * @param idle longest silence between bytes of a streaming answer (Anthropic pings every few seconds)
     */
    public record Timeouts(Duration connect, Duration response, Duration idle) {
        public static final Timeouts DEFAULT =
                new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(300));
    }

    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(baseUrl, "baseUrl");
        apiKey = apiKey == null ? ApiKey.none() : apiKey;
        keyEnv = keyEnv == null || keyEnv.isBlank() ? type.defaultKeyEnv() : keyEnv;
        Objects.requireNonNull(model, "model");
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        if (maxTokens <= 0) {
            throw new IllegalArgumentException(
                    "max_tokens of provider '" + name + "' must be positive, got " + maxTokens);
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException(
                    "temperature of provider '" + name + "' must be between 0 and 2, got " + temperature);
        }
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "base_url of provider '" + name + "' must start with http:// or https://, got '" + baseUrl + "'");
        }
    }

    /** Settings with the type's default base URL and key variable, no key, default timeouts and retries. */
    public static ProviderSettings of(String name, ProviderType type, String model, int maxTokens) {
        return new ProviderSettings(
                name, type, type.defaultBaseUrl(), ApiKey.none(), null, model, maxTokens, null, null, null);
    }

    public ProviderSettings withBaseUrl(URI url) {
        return new ProviderSettings(name, type, url, apiKey, keyEnv, model, maxTokens, temperature, timeouts, retry);
    }

    public ProviderSettings withApiKey(ApiKey key) {
        return new ProviderSettings(name, type, baseUrl, key, keyEnv, model, maxTokens, temperature, timeouts, retry);
    }

    public ProviderSettings withKeyEnv(String variable) {
        return new ProviderSettings(
                name, type, baseUrl, apiKey, variable, model, maxTokens, temperature, timeouts, retry);
    }

    public ProviderSettings withModel(String newModel) {
        return new ProviderSettings(
                name, type, baseUrl, apiKey, keyEnv, newModel, maxTokens, temperature, timeouts, retry);
    }

    public ProviderSettings withTemperature(Double t) {
        return new ProviderSettings(name, type, baseUrl, apiKey, keyEnv, model, maxTokens, t, timeouts, retry);
    }

    public ProviderSettings withTimeouts(Timeouts t) {
        return new ProviderSettings(name, type, baseUrl, apiKey, keyEnv, model, maxTokens, temperature, t, retry);
    }

    public ProviderSettings withRetry(RetryPolicy r) {
        return new ProviderSettings(name, type, baseUrl, apiKey, keyEnv, model, maxTokens, temperature, timeouts, r);
    }

    @Override
    public String toString() {
        return "ProviderSettings[name=" + name + ", type=" + type.configName() + ", baseUrl=" + baseUrl + ", apiKey="
                + apiKey + ", keyEnv=" + keyEnv + ", model=" + model + ", maxTokens=" + maxTokens + ", temperature="
                + temperature + ", timeouts=" + timeouts + ", retry=" + retry + "]";
    }
}
