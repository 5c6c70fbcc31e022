package dev.dispatch.daemon;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.util.Locale;
import java.util.Set;

/**
 * The checks that run before any handler, on every route including health and SSE: DNS rebinding
 * ({@code Host} must name the loopback), browser cross-site requests (a present {@code Origin} must be
 * the daemon's own), and simple-request CSRF (writes must be {@code application/json}, which a page
 * cannot send cross-site without a preflight the daemon never answers).
 */
final class Guard {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final int port;

    /** {@code port} is the daemon's TCP port, 0 when it serves only its Unix socket. */
    Guard(int port) {
        this.port = port;
    }

    void checkHost(String host) {
        if (host == null || host.isBlank()) throw forbidden("missing Host header; send 'Host: localhost'");
        String h = host.strip().toLowerCase(Locale.ROOT);
        String name = h;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && colon > h.lastIndexOf(']')) {
            name = h.substring(0, colon);
            String p = h.substring(colon + 1);
            if (p.isEmpty() || !p.chars().allMatch(Character::isDigit))
                throw forbidden("bad Host header '" + host + "'");
        }
        if (!LOOPBACK.contains(name)) {
            throw forbidden(
                    "Host '" + host + "' is not the loopback: the daemon answers only localhost, 127.0.0.1 or [::1]");
        }
    }

    void checkOrigin(String origin) {
        if (origin == null) return;
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (port > 0) {
            for (String name : LOOPBACK) if (o.equals("http://" + name + ":" + port)) return;
        }
        throw forbidden("cross-origin request from '" + origin + "' refused: only the daemon's own origin may call it");
    }

    /** Writes must carry JSON; text/plain and form posts (what a page can send without preflight) are refused. */
    void checkContentType(String contentType) {
        String base =
                contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw new EngineException(
                    ErrorCode.INVALID,
                    "Content-Type must be application/json, got '" + (contentType == null ? "none" : contentType)
                            + "'");
        }
    }

    private static EngineException forbidden(String message) {
        return new EngineException(ErrorCode.FORBIDDEN, message);
    }
}
