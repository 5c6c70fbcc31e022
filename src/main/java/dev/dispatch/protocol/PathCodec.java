package dev.dispatch.protocol;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of path segments and query values, shared by the daemon and its client. */
final class PathCodec {
    private PathCodec() {}

    static String encode(String value) {
        // URLEncoder is for forms: it writes spaces as '+', which is literal in a path.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("bad percent-encoding in '" + raw + "': " + e.getMessage());
        }
    }
}
