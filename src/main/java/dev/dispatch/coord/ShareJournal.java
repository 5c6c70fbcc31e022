package dev.dispatch.coord;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dispatch.protocol.Json;
import dev.dispatch.store.Journal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Appends a share event (LockAcquired, MessageSent, …) to the journal with a JSON payload. */
final class ShareJournal {
    private ShareJournal() {}

    static long append(Connection c, String space, String type, String agent, Object payload, Instant at)
            throws SQLException {
        String json;
        try {
            json = Json.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + type + " payload", e);
        }
        return Journal.append(c, space, type, agent, json, at);
    }
}
