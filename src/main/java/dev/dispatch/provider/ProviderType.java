package dev.dispatch.provider;

import java.net.URI;

/** The wire format a provider speaks; the config's {@code type:} value. */
public enum ProviderType {
    /** Anthropic Messages API. */
    ANTHROPIC("anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY"),
    /** OpenAI Chat Completions and the servers that copy it: Ollama, vLLM, LM Studio, llama.cpp, OpenRouter. */
    OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY");

    private final String configName;
    private final URI defaultBaseUrl;
    private final String defaultKeyEnv;

    ProviderType(String configName, String defaultBaseUrl, String defaultKeyEnv) {
        this.configName = configName;
        this.defaultBaseUrl = URI.create(defaultBaseUrl);
        this.defaultKeyEnv = defaultKeyEnv;
    }

    /** The name used in config files ({@code type: openai}). */
    public String configName() {
        return configName;
    }

    public URI defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The environment variable the key is conventionally read from. */
    public String defaultKeyEnv() {
        return defaultKeyEnv;
    }

    /**
     * Whether a call to {@code baseUrl} is pointless without a key: always for Anthropic; for the
     * OpenAI format only on hosted services (a local Ollama or vLLM takes none).
     */
    public boolean requiresKey(URI baseUrl) {
        if (this == ANTHROPIC) return true;
        String host = baseUrl.getHost() == null ? "" : baseUrl.getHost().toLowerCase(java.util.Locale.ROOT);
        return host.equals("api.openai.com") || host.equals("openrouter.ai") || host.endsWith(".openrouter.ai");
    }

    /** Parses a config value; the error lists the accepted names. */
    public static ProviderType fromConfig(String name) {
        for (ProviderType t : values()) {
            if (t.configName.equalsIgnoreCase(name)) return t;
        }
        throw new IllegalArgumentException(
                "unknown provider type '" + name + "': use 'anthropic' or 'openai' (for OpenAI-compatible servers)");
    }
}
