package dev.dispatch.daemon;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns an {@code Authorization: Bearer …} header into a {@link Caller}. The operator token is
 * compared in constant time; agent tokens go to {@link AgentTokens}, whose answers are kept for
 * {@link #CACHE_MILLIS} so a busy agent costs one lookup per interval, not one per request (a removed
 * agent's token therefore works for at most that long). Tokens never appear in errors.
 */
final class Authenticator {
    static final long CACHE_MILLIS = 2_000;
    private static final int CACHE_MAX = 10_000;

    private record Cached(Caller caller, long until) {}

    private final byte[] operatorToken;
    private final AgentTokens agents;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    Authenticator(String operatorToken, AgentTokens agents) {
        this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
        this.agents = agents;
    }

    Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new EngineException(
                    ErrorCode.UNAUTHORIZED,
                    "missing token: send 'Authorization: Bearer TOKEN' (the operator token is in operator.token in the"
                            + " state dir; agents use the token from their registration)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new EngineException(ErrorCode.UNAUTHORIZED, "unsupported Authorization scheme: use 'Bearer TOKEN'");
        }
        String token = authorization.substring(7).strip();
        if (MessageDigest.isEqual(operatorToken, token.getBytes(StandardCharsets.UTF_8))) return Caller.OPERATOR;
        long now = System.currentTimeMillis();
        Cached hit = cache.get(token);
        if (hit != null && hit.until() > now) return hit.caller();
        Caller caller = agents.agentFor(token)
                .map(Caller::agent)
                .orElseThrow(() -> new EngineException(
                        ErrorCode.UNAUTHORIZED,
                        "invalid token: it matches neither the operator token nor any registered agent"));
        if (cache.size() >= CACHE_MAX) cache.clear(); // bounded: a flood of distinct tokens cannot grow it
        cache.put(token, new Cached(caller, now + CACHE_MILLIS));
        return caller;
    }
}
