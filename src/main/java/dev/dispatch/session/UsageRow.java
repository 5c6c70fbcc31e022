package dev.dispatch.session;

import java.math.BigDecimal;

/** Tokens and cost of one model call, as the usage ledger records it; {@code provider} null when unknown. */
public record UsageRow(
        String agentId,
        String model,
        String keyId,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        BigDecimal costUsd,
        String provider) {
    public UsageRow(
            String agentId,
            String model,
            String keyId,
            long inputTokens,
            long outputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,
            BigDecimal costUsd) {
        this(agentId, model, keyId, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd, null);
    }
}
