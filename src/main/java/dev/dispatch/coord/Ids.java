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

    /**
     * A task id starts with its creation time (9 sortable base-32 digits of epoch milliseconds) and ends
     * with 64 random bits. Tasks made together sort together, so the history rows of the tasks being
     * worked on at one moment share index pages (task_history is keyed by task id) instead of dirtying
     * a random page each.
     */
    static String task() {
        return "task_" + sortable(System.currentTimeMillis()) + random(8);
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

    private static final char[] SORTABLE = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    /** 9 base-32 digits (45 bits), most significant first, in an alphabet whose ASCII order is its value order. */
    static String sortable(long millis) {
        char[] out = new char[9];
        for (int i = 8; i >= 0; i--) {
            out[i] = SORTABLE[(int) (millis & 31)];
            millis >>>= 5;
        }
        return new String(out);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return URL.encodeToString(b);
    }
}
