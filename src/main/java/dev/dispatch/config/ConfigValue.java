package dev.dispatch.config;

/**
 * One resolved setting as {@code config show} lists it: key, typed value, where it came from.
 *
 * @param key dotted, with table entries as {@code models.sonnet.name}
 * @param value typed (String, Long, Double, Boolean, Duration, List), null when unset; a {@link Secret}
 *     for secrets
 */
public record ConfigValue(String key, ValueType type, Object value, Origin origin) {
    /** The value as text, secrets redacted. */
    public String display() {
        if (value instanceof Secret s) return s.toString();
        return type.display(value);
    }

    public boolean isSecret() {
        return value instanceof Secret;
    }
}
