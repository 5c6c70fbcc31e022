package dev.dispatch.app;

import dev.dispatch.config.KeyConfig;
import dev.dispatch.config.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a key is, for deciding whether a key refused with 401/403 deserves another try: a SHA-256 over
 * its config entry (id, provider, the provider's type and endpoint, where the secret comes from) and
 * its value. A new value in the env var, an edited entry or another endpoint gives another fingerprint,
 * and the disabled key is tried again, also after a restart. Only the hash is stored, never the value.
 */
final class KeyFingerprints {
    private KeyFingerprints() {}

    static String of(KeyConfig key, ProviderConfig provider, String value) {
        return sha256(String.join(
                "\u0000",
                "dispatch-key-v1",
                key.id(),
                key.provider(),
                provider == null ? "" : provider.type(),
                provider == null ? "" : provider.baseUrl(),
                key.secret().envVar().map(v -> "env:" + v).orElse("literal"),
                value));
    }

    /** A key with no entry (the provider's default env var): its value and endpoint are all it is. */
    static String ofDefault(String keyId, ProviderConfig provider, String value) {
        return sha256(String.join(
                "\u0000", "dispatch-key-v1", keyId, provider.name(), provider.type(), provider.baseUrl(), value));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
