package dev.dispatch.coord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Prefixed random identifiers, lease tokens and agent tokens (and the hash under which tokens are kept). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    static String task() {
        return "task_" + random(12);
    }

    static String agent() {
        return "agt_" + random(12);
    }

    static String lease() {
        return "lse_" + random(18);
    }

    /** A 192-bit URL-safe bearer token. */
    static String token() {
        return "dsp_" + random(24);
    }

    /** The SHA-256 of a token in hex: what the store keeps and {@code Agents.byTokenHash} looks up. */
    public static String tokenHash(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return URL.encodeToString(b);
    }
}
