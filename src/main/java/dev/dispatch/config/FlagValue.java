package dev.dispatch.config;

/**
 * A setting given on the command line, the highest layer.
 *
 * @param key dotted setting key ({@code default_model})
 * @param value as typed; parsed by the setting's type
 * @param flag how the user wrote it ({@code --set}, {@code --model}), shown as the origin
 */
public record FlagValue(String key, String value, String flag) {}
