package dev.dispatch.protocol;

import java.time.Instant;

/**
 * One committed event as the journal holds it: its sequence number (the SSE id), when, where, what
 * and who, and its JSON payload exactly as written in the committing transaction. The remote engine
 * reads these to write SSE frames without decoding the payload; faces get {@link JournalEvent}s.
 */
public record JournalEntry(long seq, Instant at, String space, String type, String agent, String data) {}
