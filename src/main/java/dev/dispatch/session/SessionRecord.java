package dev.dispatch.session;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One recorded agent session, with running totals of tokens and cost. {@code parentSessionId} is the
 * parent agent's session for a child agent, or the original for a fork ({@code forkedAtSeq} non-null:
 * the last message copied).
 */
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
        BigDecimal costUsd,
        int messageCount,
        Integer forkedAtSeq) {}
