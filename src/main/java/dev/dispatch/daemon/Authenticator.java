package dev.dispatch.daemon;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns an {@code Authorization: Bearer …} header into a {@link Caller}. The operator token is
 * compared in constant time; agent tokens go to {@link AgentTokens}. Tokens never appear in errors.
 */
final class Authenticator {
    private final byte[] operatorToken;
    private final AgentTokens agents;

    Authenticator(String operatorToken, AgentTokens agents) {
        this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
        this.agents = agents;
    }

    Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new EngineException(ErrorCode.UNAUTHORIZED,
                    "missing token: send 'Authorization: Bearer TOKEN' (the operator token is in operator.token in the"
                            + " state dir; agents use the token from their registration)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new EngineException(ErrorCode.UNAUTHORIZED, "unsupported Authorization scheme: use 'Bearer TOKEN'");
        }
        String token = authorization.substring(7).strip();
        if (MessageDigest.isEqual(operatorToken, token.getBytes(StandardCharsets.UTF_8))) return Caller.OPERATOR;
        return agents.agentFor(token)
                .map(Caller::agent)
                .orElseThrow(() -> new EngineException(ErrorCode.UNAUTHORIZED,
                        "invalid token: it matches neither the operator token nor any registered agent"));
    }
}
