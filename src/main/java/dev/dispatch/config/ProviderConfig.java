package dev.dispatch.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A model endpoint ({@code providers:} in the user config only).
 *
 * @param type {@code anthropic} or {@code openai} (any OpenAI-compatible server)
 * @param baseUrl the endpoint, defaulted to the official one for the type
 */
public record ProviderConfig(
        String name,
        String type,
        String baseUrl,
        long maxTokens,
        Optional<Double> temperature,
        Duration connectTimeout,
        Duration requestTimeout) {}
