package dev.dispatch.mcp;

import java.util.List;

/**
 * The MCP protocol revisions this server speaks, newest first. A client asking for one of them gets it;
 * a client asking for anything else gets the newest, and may disconnect if it cannot speak that (the
 * specification's negotiation rule).
 */
public final class McpVersions {
    public static final String LATEST = "2025-11-25";
    /** Newest first. 2025-03-26 is what a Streamable HTTP request without a version header is taken to mean. */
    public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26");

    public static final String HTTP_DEFAULT = "2025-03-26";

    private McpVersions() {}

    /** The version to answer an initialize that asked for {@code requested}. */
    public static String negotiate(String requested) {
        return requested != null && SUPPORTED.contains(requested) ? requested : LATEST;
    }

    public static boolean supported(String version) {
        return SUPPORTED.contains(version);
    }

    /** Whether {@code version} allows JSON-RPC batches (only 2025-03-26; later revisions removed them). */
    static boolean allowsBatches(String version) {
        return "2025-03-26".equals(version);
    }

    /** Whether tool results may carry {@code structuredContent} (added in 2025-06-18). */
    static boolean hasStructuredContent(String version) {
        return !"2025-03-26".equals(version);
    }
}
