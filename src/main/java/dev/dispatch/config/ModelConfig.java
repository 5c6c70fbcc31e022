package dev.dispatch.config;

import java.util.List;
import java.util.Optional;

/**
 * A model agents can use, by id ({@code models:}; the project layer may add or pick models).
 *
 * @param name the provider's own model name
 * @param tags roles such as heavy, light, coding, review
 * @param contextWindow tokens, when known
 * @param keys the key ids allowed to serve it; empty for every key of its provider
 */
public record ModelConfig(
        String id,
        String provider,
        String name,
        List<String> tags,
        Optional<Long> contextWindow,
        Price price,
        List<String> keys) {

    /** USD per million tokens; each empty when unknown. */
    public record Price(Optional<Double> input, Optional<Double> output, Optional<Double> cached) {}
}
