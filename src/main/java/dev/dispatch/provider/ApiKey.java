package dev.dispatch.provider;

import java.util.Map;
import java.util.Objects;

/**
 * A secret that only ever leaves this object as a request header. {@link #toString()} shows the key's
 * id (for logs and failover messages), never the secret.
 */
public final class ApiKey {
    private static final ApiKey NONE = new ApiKey("none", "");

    private final String id;
    private final String secret;

    private ApiKey(String id, String secret) {
        this.id = Objects.requireNonNull(id, "id");
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /**
     * @param id a name for logs ({@code anthropic-main}); never the secret itself
     * @param secret the key
     */
    public static ApiKey of(String id, String secret) {
        if (secret == null || secret.isBlank()) return NONE;
        return new ApiKey(id, secret.strip());
    }

    /** The key in {@code env[variable]}, or {@link #none()} when unset or blank. */
    public static ApiKey fromEnvironment(Map<String, String> env, String variable) {
        return of("env:" + variable, env.get(variable));
    }

    public static ApiKey none() {
        return NONE;
    }

    public boolean isPresent() {
        return !secret.isEmpty();
    }

    public String id() {
        return id;
    }

    /** The secret, for the one place that writes it into a request header. */
    String secret() {
        return secret;
    }

    /** {@code text} with every occurrence of the secret replaced, for messages built from provider replies. */
    String redact(String text) {
        if (text == null || secret.isEmpty()) return text;
        return text.replace(secret, "[redacted]");
    }

    @Override
    public String toString() {
        return isPresent() ? "ApiKey[" + id + "]" : "ApiKey[none]";
    }
}
