package dev.dispatch.session;

import java.math.BigDecimal;
import java.time.Instant;

/** One recorded agent session, with running totals of tokens and cost. */
public record SessionRecord(
        String id,
        String space,
        String projectRoot,
        String title,
        String model,
        String provider,
        String parentSessionId,
        String status,
        Instant createdAt,
        Instant updatedAt,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        BigDecimal costUsd) {}
