package dev.dispatch.protocol;

import java.time.Instant;

/**
 * One committed event as the journal holds it: its sequence number (the SSE id), when, where, what
 * and who, and its JSON payload exactly as written in the committing transaction. The remote engine
 * delivers journal events as these; a transient (unjournaled) event arrives with seq 0.
 */
public record JournalEntry(long seq, Instant at, String space, String type, String agent, String data)
        implements Event {}
