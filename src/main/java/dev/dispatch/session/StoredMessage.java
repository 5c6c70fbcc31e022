package dev.dispatch.session;

import java.time.Instant;

/**
 * One conversation message as recorded: {@code contentJson} is the provider-neutral list of blocks
 * (text, tool_use, tool_result) that the agent package serialises; {@code plainText} is its readable
 * text, kept for search.
 */
public record StoredMessage(
        int seq, String agentId, String role, String contentJson, String plainText, Instant createdAt) {}
