package dev.dispatch.config;

import java.util.Map;
import java.util.Optional;

/**
 * An API key by reference: the name of the env var holding it, or (user config only) the literal. Its
 * {@link #toString} is always redacted so a key cannot leak through logging or string concatenation.
 */
public final class Secret {
    private final String envVar;
    private final String literal;

    private Secret(String envVar, String literal) {
        this.envVar = envVar;
        this.literal = literal;
    }

    public static Secret fromEnv(String envVar) {
        return new Secret(envVar, null);
    }

    public static Secret literal(String value) {
        return new Secret(null, value);
    }

    /** The env var it is read from, if it is a reference. */
    public Optional<String> envVar() {
        return Optional.ofNullable(envVar);
    }

    /** The key itself, read from {@code env} when it is a reference; empty when that var is unset. */
    public Optional<String> reveal(Map<String, String> env) {
        if (literal != null) return Optional.of(literal);
        String v = env.get(envVar);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    @Override
    public String toString() {
        return envVar == null ? "***" : "*** (env " + envVar + ")";
    }
}
