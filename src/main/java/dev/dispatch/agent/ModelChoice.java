package dev.dispatch.agent;

import dev.dispatch.provider.Provider;

/**
 * The model an agent runs on, resolved from config: the configured id ({@code sonnet}), the wire
 * model name, the provider that serves it, its prices and context window (0 when unknown).
 */
public record ModelChoice(String id, String modelName, Provider provider, Pricing pricing, int contextWindow) {
    public String providerName() {
        return provider.name();
    }
}
