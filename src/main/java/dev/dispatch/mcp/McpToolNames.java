package dev.dispatch.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The name an agent calls an MCP server's tool by: {@code server__tool}, within what every model provider
 * accepts for a tool name ({@code [A-Za-z0-9_-]}, at most 64 characters). Other characters become
 * {@code _}; a name that would be too long, or would collide with one already taken, keeps a prefix and
 * gets a short hash of the original pair, so each tool keeps one stable, distinct name.
 */
public final class McpToolNames {
    public static final int MAX = 64;
    public static final String SEPARATOR = "__";

    private McpToolNames() {}

    /** The namespaced name of {@code tool} on {@code server}, distinct from every name in {@code taken}. */
    public static String of(String server, String tool, Set<String> taken) {
        String name = clean(server) + SEPARATOR + clean(tool);
        if (name.length() <= MAX && !taken.contains(name)) return name;
        String hash = hash(server + "\0" + tool);
        String prefix = name.substring(0, Math.min(name.length(), MAX - hash.length() - 1));
        return prefix + "_" + hash;
    }

    /** Whether {@code name} is acceptable to every provider as it is. */
    public static boolean valid(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX && name.matches("[A-Za-z0-9_-]+");
    }

    private static String clean(String s) {
        String c = s.replaceAll("[^A-Za-z0-9_-]", "_");
        return c.isEmpty() ? "_" : c;
    }

    private static String hash(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
