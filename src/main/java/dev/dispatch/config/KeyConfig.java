package dev.dispatch.config;

/**
 * An API key entry ({@code keys:} in the user config only); the secret itself stays behind {@link Secret}.
 *
 * @param priority higher is tried first
 */
public record KeyConfig(String id, String provider, Secret secret, long priority) {}
