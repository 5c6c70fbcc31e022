package dev.dispatch.session;

import java.math.BigDecimal;

/** Tokens and cost of one model call, as the usage ledger records it. */
public record UsageRow(
        String agentId,
        String model,
        String keyId,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        BigDecimal costUsd) {}
