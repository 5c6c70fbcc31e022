package dev.dispatch.session;

import dev.dispatch.store.TestStores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The session store's tests that open their store through {@link TestStores}, run again on a fresh
 * database of a real PostgreSQL server (the dialect translation of the session migrations included).
 */
@ExtendWith(TestStores.OnPostgres.class)
class SessionsOnPostgresTest {
    @Nested
    class Snapshots extends AgentSnapshotsTest {}
}
